#!/usr/bin/env python3
"""Writes examples/flowers.csv: a small synthetic 3-class table for the README's upload walk-through.

150 rows, four numeric measurements and a text label `species`, drawn from Gaussians around three
made-up class centres (no real dataset is copied). Deterministic:

    python3 tools/make_example_csv.py > examples/flowers.csv
"""
import random

random.seed(7)
CENTRES = {
    "small": (5.0, 3.4, 1.5, 0.25),
    "medium": (5.9, 2.8, 4.3, 1.3),
    "large": (6.6, 3.0, 5.6, 2.0),
}
SPREAD = (0.35, 0.3, 0.45, 0.2)

print("sepal_length,sepal_width,petal_length,petal_width,species")
rows = []
for species, centre in CENTRES.items():
    for _ in range(50):
        values = [max(0.1, random.gauss(c, s)) for c, s in zip(centre, SPREAD)]
        rows.append(",".join(f"{v:.1f}" for v in values) + "," + species)
random.shuffle(rows)
print("\n".join(rows))
