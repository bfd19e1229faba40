"""Reference values for BgNbdTest and GammaGammaTest, computed with mpmath (50 digits) straight from the papers'
closed forms -- the original, untransformed hypergeometric expression of E[Y(t)] -- independently of the Java code.

  Fader, Hardie & Lee (2005), "Counting Your Customers the Easy Way", Marketing Science 24(2):
    eq. (6) likelihood, eq. (9) E[X(t)], eq. (10) E[Y(t) | x, t_x, T], eq. (11) P(alive).
  Fader & Hardie (2013), "The Gamma-Gamma Model of Monetary Value": eq. (3) density of m_x, eq. (5) E[M].

Run: python3 reference_values.py
"""
from mpmath import mp, mpf, gamma, beta, hyp2f1, log

mp.dps = 50
r, alpha, a, b = mpf('0.243'), mpf('4.414'), mpf('0.793'), mpf('2.426')
p, q, g = mpf('6.25'), mpf('3.74'), mpf('15.44')


def bgnbd_ll(x, tx, T):
    l1 = beta(a, b + x) / beta(a, b) * gamma(r + x) * alpha ** r / (gamma(r) * (alpha + T) ** (r + x))
    l2 = beta(a + 1, b + x - 1) / beta(a, b) * gamma(r + x) * alpha ** r / (gamma(r) * (alpha + tx) ** (r + x)) if x > 0 else 0
    return log(l1 + l2)


def p_alive(x, tx, T):
    return 1 if x == 0 else 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + tx)) ** (r + x))


def cond_exp(t, x, tx, T):
    z = t / (alpha + T + t)
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z)
    return (a + b + x - 1) / (a - 1) * bracket * p_alive(x, tx, T)


def new_exp(t):
    return (a + b - 1) / (a - 1) * (1 - (alpha / (alpha + t)) ** r * hyp2f1(r, b, a + b - 1, t / (alpha + t)))


def gg_ll(x, m):
    return log(gamma(p * x + q) / (gamma(p * x) * gamma(q)) * g ** q * m ** (p * x - 1) * x ** (p * x)
               / (g + m * x) ** (p * x + q))


def gg_mean(x, m):
    return (g + x * m) * p / (p * x + q - 1)


for case in [(0, 0, mpf('38.86')), (2, mpf('30.43'), mpf('38.86')), (26, mpf('30.86'), mpf('31')), (1, mpf('2'), mpf('35'))]:
    print('case', case)
    print('  ll      ', mp.nstr(bgnbd_ll(*case), 17))
    print('  p_alive ', mp.nstr(p_alive(*case), 17))
    print('  E[Y(39)]', mp.nstr(cond_exp(mpf(39), *case), 17))
print('E[X(39)] new customer', mp.nstr(new_exp(mpf(39)), 17))
print('E[X(78)] new customer', mp.nstr(new_exp(mpf(78)), 17))
for case in [(2, mpf('35.5')), (10, mpf('20')), (1, mpf('120'))]:
    print('gg', case, 'll', mp.nstr(gg_ll(*case), 17), 'E[M]', mp.nstr(gg_mean(*case), 17))
print('gg population mean', mp.nstr(g * p / (q - 1), 17))
