#!/usr/bin/env python3
"""Makes the ML reference fixtures with numpy, independently of Sluice.

Writes, next to this script:
  score_model.yaml  a logistic regression with a scaler over 10 features
  score_input.csv   id, f1..f10 (random, with one row holding an empty f3 = NULL)
  score_expected.csv  id, logreg, linreg, svm, kmeans as numpy computes them
  regr.csv / regr_expected.csv  pairs (x, y) and numpy's slope, intercept, r2, corr, covariances
  train.csv  f1..f4, y (linear plus noise), label (logistic), score (a noisy score of label), cx, cy (blobs)
  train_expected.csv  name,value pairs: closed-form least squares (numpy lstsq), scikit-learn's
      LogisticRegression optimum (unpenalised, and with C = 1) and its log-loss, LinearSVC's hinge
      objective, KMeans' inertia, and roc_auc_score

Run: /usr/bin/python3 testdata/ml/make_fixtures.py  (numpy and scikit-learn: apt-get install python3-sklearn).
Another numpy version may change the last digit of a few score_expected.csv values (still within
the tests' 1e-12); the checked-in file is from numpy 2.x, the training fixtures from scikit-learn 1.2.1.
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


# Training references, from scikit-learn (an independent implementation of each solver).
from sklearn.cluster import KMeans
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import log_loss, roc_auc_score
from sklearn.svm import LinearSVC

train_rng = np.random.default_rng(7)
m = 400
F = train_rng.normal(0, 1, size=(m, 4)).round(5) * [1.0, 3.0, 0.5, 10.0] + [0.0, 5.0, -2.0, 50.0]
yreg = (F @ [2.0, -1.5, 4.0, 0.25] + 7.0 + train_rng.normal(0, 2, size=m)).round(5)
true_logit = (F - F.mean(axis=0)) / F.std(axis=0) @ [1.5, -1.0, 0.5, 0.8] - 0.3
label = (train_rng.uniform(size=m) < 1 / (1 + np.exp(-true_logit))).astype(int)
score = (label * 0.8 + train_rng.normal(0, 0.5, size=m)).round(3)
centres = np.array([[0.0, 0.0], [10.0, 10.0], [-10.0, 8.0]])
blob = centres[np.arange(m) % 3] + train_rng.normal(0, 1, size=(m, 2)).round(5)

with open(os.path.join(HERE, "train.csv"), "w") as f:
    f.write("f1,f2,f3,f4,y,label,score,cx,cy\n")
    for i in range(m):
        f.write(",".join(repr(float(v)) for v in F[i]) + f",{float(yreg[i])!r},{int(label[i])},{float(score[i])!r},"
                f"{float(blob[i, 0])!r},{float(blob[i, 1])!r}\n")

A = np.hstack([F, np.ones((m, 1))])
beta = np.linalg.lstsq(A, yreg, rcond=None)[0]
expected = {f"linreg_w{i + 1}": beta[i] for i in range(4)}
expected["linreg_b"] = beta[4]

free = LogisticRegression(penalty=None, solver="newton-cg", tol=1e-10, max_iter=10000).fit(F, label)
expected["logreg_logloss"] = log_loss(label, free.predict_proba(F)[:, 1])
# C = 1 penalises (1/2)|w|^2 + sum of losses, i.e. l2 = 1 / m on the mean loss.
ridge = LogisticRegression(C=1.0, solver="newton-cg", tol=1e-10, max_iter=10000).fit(F, label)
for i in range(4):
    expected[f"logreg_l2_w{i + 1}"] = ridge.coef_[0][i]
expected["logreg_l2_b"] = ridge.intercept_[0]

# liblinear's L1-loss SVM with the intercept as a penalised constant feature (intercept_scaling = 1):
# (1/2)|(w, b)|^2 + C sum hinge, i.e. l2 = 1 / (C m) on the mean hinge loss.
svm = LinearSVC(loss="hinge", C=0.5, intercept_scaling=1.0, tol=1e-8, max_iter=1000000, dual=True).fit(F, label)
ys = 2 * label - 1
hinge = np.maximum(0, 1 - ys * (F @ svm.coef_[0] + svm.intercept_[0]))
expected["svm_l2"] = 1 / (0.5 * m)
expected["svm_objective"] = expected["svm_l2"] / 2 * (svm.coef_[0] @ svm.coef_[0] + svm.intercept_[0] ** 2) + hinge.mean()

km = KMeans(n_clusters=3, n_init=10, random_state=0).fit(blob)
expected["kmeans_inertia"] = km.inertia_
expected["roc_auc"] = roc_auc_score(label, score)

with open(os.path.join(HERE, "train_expected.csv"), "w") as f:
    f.write("name,value\n")
    for key, value in expected.items():
        f.write(f"{key},{float(value)!r}\n")
