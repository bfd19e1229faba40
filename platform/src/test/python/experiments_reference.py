"""Reference values for platform/src/test/java/dev/merchantry/platform/experiments/stats/*Test.java.

Python 3.12, numpy 2.4.6, scipy 1.17.1, mpmath 1.3.0. Run: python3 experiments_reference.py
Each block prints the figures the Java tests assert, computed from the papers' own formulas (not from our code).
"""
import math
import numpy as np
from mpmath import mp, mpf, quad, betainc, beta as B, log as mlog, exp as mexp, sqrt as msqrt
from scipy import stats

mp.dps = 30

# 1. mSPRT, Johari et al. (2022) two-sample normal form: n per arm, per-unit variance sigma2, difference ybar - xbar,
#    Lambda_n = sqrt(2 s2 / (2 s2 + n t2)) * exp(n^2 t2 d^2 / (4 s2 (2 s2 + n t2)))
n, s2, t2, d = mpf(1000), mpf('0.25'), mpf('0.0004'), mpf('0.03')
lam = msqrt(2 * s2 / (2 * s2 + n * t2)) * mexp(n**2 * t2 * d**2 / (4 * s2 * (2 * s2 + n * t2)))
print("mSPRT Lambda(n=1000, s2=0.25, tau2=0.0004, d=0.03) =", lam)
# its always-valid 95% interval: the d where Lambda = 1/alpha
V = 2 * s2 / n
alpha = mpf('0.05')
h = msqrt(V * (V + t2) / t2 * (mlog((V + t2) / V) - 2 * mlog(alpha)))
print("half width =", h)
lam_at = msqrt(V / (V + t2)) * mexp(t2 * h**2 / (2 * V * (V + t2)))
print("Lambda at the half width (must be 1/alpha = 20):", lam_at)

# 2. delta method variance of the relative lift, conversion 100/2000 vs 130/2000
pa, pb, na, nb = mpf(100) / 2000, mpf(130) / 2000, 2000, 2000
var = pb * (1 - pb) / (nb * pa**2) + pb**2 * pa * (1 - pa) / (na * pa**4)
print("lift =", pb / pa - 1, "delta-method variance =", var)

# 3. Probability to beat control, Beta(1+x, 1+n-x) posteriors: Evan Miller (2015) closed form
def miller(aA, bA, aB, bB):
    total = mpf(0)
    for i in range(int(aB)):
        total += B(aA + i, bA + bB) / ((bB + i) * B(1 + i, bB) * B(aA, bA))
    return total
print("P(B > A), A 20/100, B 30/100 =", miller(21, 81, 31, 71))
print("P(B > A), A 100/2000, B 130/2000 =", miller(101, 1901, 131, 1871))

# 4. SRM: chi-square of 48,000/52,000 against 50/50, and 50,100/49,900
for a, b in [(48000, 52000), (50100, 49900), (33000, 33500, 33500)[:2]]:
    chi, p = stats.chisquare([a, b])
    print("SRM", a, b, "chi2 =", chi, "p =", p)
chi, p = stats.chisquare([33000, 33600, 33400], [100000 / 3] * 3)
print("SRM 3 arms 33000/33600/33400: chi2 =", chi, "p =", p)

# 5. Sequential crossing probability of the mSPRT boundary by Monte Carlo on the Gaussian process
#    (independent of the numerical integration): information I_k = k * step, S_k = sum of N(theta*step, step).
def crossing(theta, step, looks, alpha, tau2, paths=2_000_000, seed=11):
    rng = np.random.default_rng(seed)
    crossed = np.zeros(paths, dtype=bool)
    s = np.zeros(paths)
    for k in range(1, looks + 1):
        s += rng.normal(theta * step, math.sqrt(step), paths)
        I = k * step
        Vk = 1 / I
        hk = math.sqrt(Vk * (Vk + tau2) / tau2 * (math.log((Vk + tau2) / Vk) - 2 * math.log(alpha)))
        crossed |= np.abs(s) >= hk * I
    return crossed.mean()
print("MC crossing, theta=0, step=400, 28 looks, tau=0.05:", crossing(0.0, 400.0, 28, 0.05, 0.0025))
print("MC crossing, theta=0.05, step=40, 28 looks, tau=0.05:", crossing(0.05, 40.0, 28, 0.05, 0.0025))
# one look: exact normal tail
step = 400.0
Vk = 1 / step
hk = math.sqrt(Vk * (Vk + 0.0025) / 0.0025 * (math.log((Vk + 0.0025) / Vk) - 2 * math.log(0.05)))
z = hk * math.sqrt(step)
theta = 0.05
print("one look, theta=0.05: P =", stats.norm.sf(z - theta * math.sqrt(step)) + stats.norm.cdf(-z - theta * math.sqrt(step)))
