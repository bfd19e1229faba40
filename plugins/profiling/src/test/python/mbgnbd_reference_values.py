"""Reference values for MbgNbdTest, computed with mpmath (50 digits) from the closed forms of MBG/NBD, independently
of the Java code, with the original (untransformed) hypergeometric expression.

  Batislam, Denizel & Filiztekin (2007), "Empirical validation and comparison of models for customer base analysis",
  International Journal of Research in Marketing 24(3): likelihood, P(alive), E[Y(t) | x, t_x, T], E[X(t)].
  Parameters: the CDNOW estimates r = 0.525, alpha = 6.183, a = 0.891, b = 1.614 (BTYDplus mbgcnbd, k = 1).

Run: python3 mbgnbd_reference_values.py   (mpmath 1.3.0)
"""
from mpmath import mp, mpf, gamma, beta, hyp2f1, log

mp.dps = 50
r, alpha, a, b = mpf('0.525'), mpf('6.183'), mpf('0.891'), mpf('1.614')


def ll(x, tx, T):
    c = beta(a, b + x + 1) / beta(a, b) * gamma(r + x) * alpha ** r / gamma(r)
    return log(c * ((alpha + T) ** -(r + x) + a / (b + x) * (alpha + tx) ** -(r + x)))


def p_alive(x, tx, T):
    return 1 / (1 + a / (b + x) * ((alpha + T) / (alpha + tx)) ** (r + x))


def cond_exp(t, x, tx, T):
    z = t / (alpha + T + t)
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x + 1, a + b + x, z)
    return (a + b + x) / (a - 1) * bracket * p_alive(x, tx, T)


def new_exp(t):
    return b / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b + 1, a + b, t / (alpha + t)))


cases = [(0, 0, 38.86), (0, 0, 5), (2, 30.43, 38.86), (26, 30.86, 31), (1, 2, 35)]
for x, tx, T in cases:
    tx, T = mpf(str(tx)), mpf(str(T))
    print(f"x={x} tx={tx} T={T}: ll {mp.nstr(ll(x, tx, T), 17)}  p_alive {mp.nstr(p_alive(x, tx, T), 17)}"
          f"  E[Y(39)] {mp.nstr(cond_exp(39, x, tx, T), 17)}")
for t in (39, 78):
    print(f"E[X({t})] {mp.nstr(new_exp(t), 17)}")
