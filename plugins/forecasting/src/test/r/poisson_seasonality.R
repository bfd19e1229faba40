# Reference values for PoissonSeasonality (intermittent demand's seasonal index): a Poisson GLM with log link
# fitted by R's own glm() (base R, no packages). Run from plugins/forecasting/src/test:
#   Rscript r/poisson_seasonality.R      -> resources/reference/poisson.csv
set.seed(20261206)
n <- 600
t <- 1:n
mu <- 0.2 * exp(0.8 * cos(2 * pi * (t - 30) / 365.25) + 0.3 * sin(2 * pi * t / 7))
y <- rpois(n, mu)
y[c(100:103, 400:406)] <- NA                       # stock-out days: left out of the fit
tt <- (t - 0.5) / n - 0.5                           # trend scaled to [-1/2, 1/2], as in PoissonSeasonality.fit
d <- data.frame(y = y, tt = tt,
                s1y = sin(2 * pi * t / 365.25), c1y = cos(2 * pi * t / 365.25),
                s1w = sin(2 * pi * t / 7), c1w = cos(2 * pi * t / 7))
fit <- glm(y ~ tt + s1y + c1y + s1w + c1w, family = poisson(), data = d, control = glm.control(epsilon = 1e-12))
null <- glm(y ~ tt, family = poisson(), data = d, control = glm.control(epsilon = 1e-12))
rows <- rbind(
  data.frame(case = "glm_input", quantity = "y", index = 0:(n - 1), value = ifelse(is.na(y), "NA", y)),
  data.frame(case = "glm_yearly_weekly", quantity = "beta", index = 0:5, value = sprintf("%.10f", coef(fit))),
  data.frame(case = "glm_yearly_weekly", quantity = "deviance", index = 0, value = sprintf("%.10f", deviance(fit))),
  data.frame(case = "glm_trend_only", quantity = "beta", index = 0:1, value = sprintf("%.10f", coef(null))),
  data.frame(case = "glm_trend_only", quantity = "deviance", index = 0, value = sprintf("%.10f", deviance(null))))
write.csv(rows, "resources/reference/poisson.csv", row.names = FALSE, quote = FALSE)
