package io.descent.system;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.util.Ec2Utils;
import ai.djl.util.Utils;
import java.io.IOException;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * DJL must never reach the network: not at engine start, not for its telemetry "call home" (which
 * asks a cloud metadata address for an instance id). Every HTTP connection the JVM opens consults
 * the default ProxySelector first, so recording its calls catches any attempt.
 */
class DjlOfflineTest {

    @Test
    void neitherTheEngineNorItsTelemetryOpensAConnection() {
        List<URI> attempts = new CopyOnWriteArrayList<>();
        ProxySelector original = ProxySelector.getDefault();
        ProxySelector.setDefault(new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                attempts.add(uri);
                return List.of(Proxy.NO_PROXY);
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {}
        });
        try {
            DjlOffline.enforce();
            assertThat(Utils.isOfflineMode()).isTrue();
            Engine engine = Engine.getEngine("PyTorch");
            Ec2Utils.callHome(engine.getEngineName());
            assertThat(engine.getEngineName()).isEqualTo("PyTorch");
        } finally {
            ProxySelector.setDefault(original);
        }
        assertThat(attempts).as("connections DJL tried to open").isEmpty();
    }
}
