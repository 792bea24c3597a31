package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserTextTest {

    @Test
    void plainTextRightToLeftMarksAndEmojiAreKept() {
        assertThat(UserText.problem("name", "fashion-mlp", 200)).isEmpty();
        assertThat(UserText.problem("name", "\u05e9\u05dc\u05d5\u05dd \u200f(rtl)", 200)).isEmpty();
        assertThat(UserText.problem("name", "run \ud83d\ude00", 200)).isEmpty();
    }

    @Test
    void controlCharactersAreNamedWithTheirPosition() {
        assertThat(UserText.problem("name", "a\u0000b", 200)).hasValueSatisfying(m -> assertThat(m).contains("U+0000", "character 2"));
        assertThat(UserText.problem("name", "line\nbreak", 200)).hasValueSatisfying(m -> assertThat(m).contains("U+000A"));
        assertThat(UserText.problem("name", "c1\u0085", 200)).hasValueSatisfying(m -> assertThat(m).contains("U+0085"));
    }

    @Test
    void unpairedSurrogatesAreNotText() {
        assertThat(UserText.invalidCharacter("x\ud800")).hasValueSatisfying(m -> assertThat(m).contains("U+D800", "unpaired"));
        assertThat(UserText.invalidCharacter("\udc00x")).hasValueSatisfying(m -> assertThat(m).contains("U+DC00"));
    }

    @Test
    void blankAndOverlongTextIsRefused() {
        assertThat(UserText.problem("name", "   ", 200)).hasValueSatisfying(m -> assertThat(m).contains("only whitespace"));
        assertThat(UserText.problem("name", "", 200)).hasValueSatisfying(m -> assertThat(m).contains("empty"));
        assertThat(UserText.problem("name", "x".repeat(201), 200)).hasValueSatisfying(m -> assertThat(m).contains("201 characters"));
    }
}
