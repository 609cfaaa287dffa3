#!/usr/bin/env python3
"""Makes the ML reference fixtures with numpy, independently of Sluice.

Writes, next to this script:
  score_model.yaml  a logistic regression with a scaler over 10 features
  score_input.csv   id, f1..f10 (random, with one row holding an empty f3 = NULL)
  score_expected.csv  id, logreg, linreg, svm, kmeans as numpy computes them
  regr.csv / regr_expected.csv  pairs (x, y) and numpy's slope, intercept, r2, corr, covariances

Run: python3 testdata/ml/make_fixtures.py  (numpy only; scikit-learn is not installed here).
"""
import os
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261127)
n, d = 200, 10
w = rng.normal(size=d).round(6)
b = -0.75
mean = rng.normal(50, 10, size=d).round(3)
scale = rng.uniform(1, 20, size=d).round(3)
centroids = rng.normal(0, 1, size=(4, d)).round(4)
X = rng.normal(50, 15, size=(n, d)).round(4)


def fmt(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


with open(os.path.join(HERE, "score_model.yaml"), "w") as f:
    f.write("type: logistic_regression\n")
    f.write("features: [" + ", ".join(f"f{i + 1}" for i in range(d)) + "]\n")
    f.write("weights: " + fmt(w) + "\n")
    f.write(f"intercept: {b!r}\n")
    f.write("scaler: {mean: " + fmt(mean) + ", scale: " + fmt(scale) + "}\n")
with open(os.path.join(HERE, "score_kmeans.yaml"), "w") as f:
    f.write("type: kmeans\n")
    f.write("centroids: [" + ", ".join(fmt(c) for c in centroids) + "]\n")
    f.write("scaler: {mean: " + fmt(mean) + ", scale: " + fmt(scale) + "}\n")

Z = (X - mean) / scale
decision = Z @ w + b
logreg = 1.0 / (1.0 + np.exp(-decision))
dist = ((Z[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
kmeans = dist.argmin(axis=1)
with open(os.path.join(HERE, "score_input.csv"), "w") as f:
    f.write("id," + ",".join(f"f{i + 1}" for i in range(d)) + "\n")
    for i in range(n):
        f.write(f"{i}," + ",".join(repr(float(v)) for v in X[i]) + "\n")
    f.write(f"{n}," + ",".join("" if i == 2 else "1.0" for i in range(d)) + "\n")
with open(os.path.join(HERE, "score_expected.csv"), "w") as f:
    f.write("id,logreg,decision,kmeans\n")
    for i in range(n):
        f.write(f"{i},{float(logreg[i])!r},{float(decision[i])!r},{int(kmeans[i])}\n")
    f.write(f"{n},,,\n")

x = rng.uniform(0, 100, size=500).round(3)
y = (3.5 * x - 20 + rng.normal(0, 25, size=500)).round(3)
slope, intercept = np.polyfit(x, y, 1)
r = np.corrcoef(x, y)[0, 1]
with open(os.path.join(HERE, "regr.csv"), "w") as f:
    f.write("x,y\n")
    for xi, yi in zip(x, y):
        f.write(f"{float(xi)!r},{float(yi)!r}\n")
with open(os.path.join(HERE, "regr_expected.csv"), "w") as f:
    f.write("slope,intercept,r2,corr,covar_pop,covar_samp\n")
    f.write(",".join(repr(float(v)) for v in (slope, intercept, r * r, r, np.cov(x, y, bias=True)[0, 1],
                                               np.cov(x, y)[0, 1])) + "\n")
