# Reference values for the forecasting plugin's tests, from R's forecast package (8.20 on Debian bookworm:
# apt-get install -y r-cran-forecast r-cran-aer r-cran-tseries). Run once from this directory:
#   Rscript reference.R
# It writes ../resources/reference/*.csv (the Java tests read them; R is not needed to run the tests):
#   data/<name>.csv        date,value series exported from R's dataset packages (source named in series.csv)
#   arima.csv, ets.csv, other.csv   case,quantity,index,value  (fixed-order fits: coefficients, loglik, AICc, forecasts)
#   accuracy.csv           series,method,mase,seconds  (one season held out, M4 MASE scaled by the seasonal naive)
suppressPackageStartupMessages({ library(forecast); library(AER); library(tseries) })
out <- "../resources/reference"
dir.create(file.path(out, "data"), recursive = TRUE, showWarnings = FALSE)

rows <- list()
put <- function(case, quantity, values) {
  v <- as.numeric(values)
  rows[[length(rows) + 1]] <<- data.frame(case = case, quantity = quantity, index = seq_along(v) - 1, value = sprintf("%.10g", v))
}
flush <- function(file) {
  write.csv(do.call(rbind, rows), file.path(out, file), row.names = FALSE, quote = FALSE)
  rows <<- list()
}

# ---- series -----------------------------------------------------------------------------------------------
ts_dates <- function(x) {
  f <- frequency(x); t0 <- tsp(x)[1]
  if (f == 12) return(seq(as.Date(sprintf("%d-%02d-01", floor(t0 + 1e-9), round((t0 %% 1) * 12) + 1)), by = "month", length.out = length(x)))
  if (f == 4) return(seq(as.Date(sprintf("%d-%02d-01", floor(t0 + 1e-9), round((t0 %% 1) * 4) * 3 + 1)), by = "quarter", length.out = length(x)))
  stop("unsupported frequency")
}
export <- function(name, x, dates) {
  write.csv(data.frame(date = format(dates), value = sprintf("%.10g", as.numeric(x))), file.path(out, "data", paste0(name, ".csv")),
            row.names = FALSE, quote = FALSE)
}
# Daily electricity demand: forecast::taylor (half-hourly MW, England and Wales, 5 June - 27 August 2000) summed per day.
taylor_daily <- ts(colSums(matrix(as.numeric(taylor), nrow = 48)) / 1000, frequency = 7)
# Weekly river flow: tseries::ice.river flow.jok (daily, Jokulsa Eystri, 1972-1974) summed per week (156 weeks).
data(ice.river); data(DutchSales, package = "AER"); data(UKNonDurables, package = "AER")
jok <- as.numeric(flow.jok)[1:(156 * 7)]
jok_weekly <- ts(colSums(matrix(jok, nrow = 7)), frequency = 52)
series <- list(
  airpassengers = list(x = AirPassengers, src = "datasets::AirPassengers (monthly airline passengers, thousands, 1949-1960)", h = 12),
  usaccdeaths = list(x = USAccDeaths, src = "datasets::USAccDeaths (monthly US accidental deaths, 1973-1978)", h = 12),
  ukdriverdeaths = list(x = UKDriverDeaths, src = "datasets::UKDriverDeaths (monthly UK car drivers killed or seriously injured, 1969-1984)", h = 12),
  wineind = list(x = wineind, src = "forecast::wineind (monthly Australian wine sales by winemakers, litres, 1980-1994)", h = 12),
  dutchsales = list(x = DutchSales, src = "AER::DutchSales (monthly retail sales index, the Netherlands, 1960-1995)", h = 12),
  ukgas = list(x = UKgas, src = "datasets::UKgas (quarterly UK gas consumption, million therms, 1960-1986)", h = 4),
  uknondurables = list(x = UKNonDurables, src = "AER::UKNonDurables (quarterly UK consumption of non-durables, 1955-1988)", h = 4),
  woolyrnq = list(x = woolyrnq, src = "forecast::woolyrnq (quarterly Australian woollen yarn production, tonnes, 1965-1994)", h = 4),
  taylor_daily = list(x = taylor_daily, src = "forecast::taylor (half-hourly electricity demand, England and Wales, summer 2000) summed per day, GW", h = 7,
                      dates = seq(as.Date("2000-06-05"), by = "day", length.out = length(taylor_daily))),
  jokulsa_weekly = list(x = jok_weekly, src = "tseries::ice.river flow.jok (daily flow of the Jokulsa Eystri river, Iceland, 1972-1974) summed per week", h = 52,
                        dates = seq(as.Date("1972-01-01"), by = "week", length.out = length(jok_weekly)))
)
meta <- data.frame()
for (name in names(series)) {
  s <- series[[name]]
  d <- if (is.null(s$dates)) ts_dates(s$x) else s$dates
  export(name, s$x, d)
  meta <- rbind(meta, data.frame(series = name, frequency = frequency(s$x), length = length(s$x), horizon = s$h, source = paste0('"', s$src, '"')))
}
export("lh", lh, seq(as.Date("2000-01-01"), by = "day", length.out = length(lh)))
export("wwwusage", WWWusage, seq(as.Date("2000-01-01"), by = "day", length.out = length(WWWusage)))
export("presidents", presidents, ts_dates(presidents))
export("austres", austres, ts_dates(austres))
export("nile", Nile, seq(as.Date("1871-01-01"), by = "year", length.out = length(Nile)))
write.csv(meta, file.path(out, "series.csv"), row.names = FALSE, quote = FALSE)

# ---- fixed-order ARIMA ------------------------------------------------------------------------------------
arima_case <- function(case, fit, h) {
  put(case, "coef", coef(fit))
  put(case, "sigma2", fit$sigma2)
  put(case, "loglik", fit$loglik)
  put(case, "aicc", fit$aicc)
  f <- forecast(fit, h = h, level = c(80, 95))
  put(case, "mean", f$mean)
  put(case, "lo80", f$lower[, 1]); put(case, "hi80", f$upper[, 1])
  put(case, "lo95", f$lower[, 2]); put(case, "hi95", f$upper[, 2])
}
arima_case("air_log_airline", Arima(log(AirPassengers), order = c(0, 1, 1), seasonal = c(0, 1, 1)), 24)
arima_case("lh_ar1", Arima(lh, order = c(1, 0, 0)), 12)
arima_case("lh_ar3", Arima(lh, order = c(3, 0, 0)), 12)
arima_case("wwwusage_111", Arima(WWWusage, order = c(1, 1, 1)), 10)
arima_case("usaccdeaths_airline", Arima(USAccDeaths, order = c(0, 1, 1), seasonal = c(0, 1, 1)), 12)
arima_case("austres_110_drift", Arima(austres, order = c(1, 1, 0), include.drift = TRUE), 8)
arima_case("presidents_ar1_missing", Arima(presidents, order = c(1, 0, 0)), 8)
arima_case("ukgas_log_sarima", Arima(log(UKgas), order = c(1, 1, 0), seasonal = c(0, 1, 1)), 8)
flush("arima.csv")

# ---- fixed ETS ---------------------------------------------------------------------------------------------
ets_case <- function(case, fit, h) {
  put(case, "par", fit$par[c("alpha", "beta", "gamma", "phi")[c("alpha", "beta", "gamma", "phi") %in% names(fit$par)]])
  put(case, "fullpar", fit$par)  # smoothing parameters then initial states l, b, s0..s(m-2), as ets optimises them
  put(case, "loglik", fit$loglik)
  put(case, "aicc", fit$aicc)
  put(case, "sigma2", fit$sigma2)
  f <- forecast(fit, h = h, level = c(80, 95))
  put(case, "mean", f$mean)
  put(case, "lo80", f$lower[, 1]); put(case, "hi80", f$upper[, 1])
  put(case, "lo95", f$lower[, 2]); put(case, "hi95", f$upper[, 2])
}
ets_case("nile_ann", ets(Nile, model = "ANN"), 10)
ets_case("wwwusage_aadn", ets(WWWusage, model = "AAN", damped = TRUE), 10)
ets_case("austres_aan", ets(austres, model = "AAN", damped = FALSE), 8)
ets_case("usaccdeaths_aaa", ets(USAccDeaths, model = "AAA", damped = FALSE), 12)
ets_case("air_mam", ets(AirPassengers, model = "MAM", damped = FALSE), 12)
ets_case("ukgas_mnm", ets(UKgas, model = "MNM"), 8)
flush("ets.csv")

# ---- Theta, naive, drift, Croston --------------------------------------------------------------------------
f <- thetaf(AirPassengers, h = 12); put("air_theta", "mean", f$mean)
f <- thetaf(Nile, h = 10); put("nile_theta", "mean", f$mean); put("nile_theta", "lo80", f$lower[, 1]); put("nile_theta", "hi95", f$upper[, 2])
f <- rwf(Nile, h = 5, drift = TRUE, level = c(80, 95)); put("nile_drift", "mean", f$mean); put("nile_drift", "lo80", f$lower[, 1]); put("nile_drift", "hi95", f$upper[, 2])
f <- naive(Nile, h = 5, level = c(80, 95)); put("nile_naive", "mean", f$mean); put("nile_naive", "lo80", f$lower[, 1]); put("nile_naive", "hi95", f$upper[, 2])
intermittent <- c(0, 0, 3, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 4, 0, 1, 0, 0, 2, 0, 0, 0, 3, 0)
put("croston_input", "y", intermittent)
put("croston", "mean", croston(intermittent, h = 3)$mean)
put("kpss_air_log", "ndiffs", ndiffs(log(AirPassengers)))
put("kpss_wwwusage", "ndiffs", ndiffs(WWWusage))
put("kpss_lh", "ndiffs", ndiffs(lh))
flush("other.csv")

# ---- accuracy: one season held out -------------------------------------------------------------------------
acc <- data.frame()
for (name in names(series)) {
  s <- series[[name]]; x <- s$x; h <- s$h; n <- length(x)
  train <- ts(x[1:(n - h)], frequency = frequency(x), start = start(x)); test <- x[(n - h + 1):n]
  methods <- list(
    auto.arima = function(y) forecast(auto.arima(y), h = h),
    ets = function(y) forecast(ets(y), h = h),
    theta = function(y) thetaf(y, h = h),
    snaive = function(y) snaive(y, h = h))
  for (m in names(methods)) {
    t0 <- Sys.time(); f <- suppressWarnings(methods[[m]](train)); secs <- as.numeric(Sys.time() - t0, units = "secs")
    # M4 MASE: MAE over the held-out season / in-sample MAE of the seasonal naive method at lag round(m)
    mase <- mean(abs(test - as.numeric(f$mean))) / mean(abs(diff(as.numeric(train), lag = max(1, round(frequency(train))))))
    acc <- rbind(acc, data.frame(series = name, method = m, mase = sprintf("%.6f", mase), seconds = sprintf("%.3f", secs)))
  }
}
write.csv(acc, file.path(out, "accuracy.csv"), row.names = FALSE, quote = FALSE)
print(acc)
print(aggregate(as.numeric(acc$mase), list(acc$method), mean))
