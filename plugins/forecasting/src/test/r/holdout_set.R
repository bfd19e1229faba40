# A second accuracy set, never used to choose a default before it was measured (docs/algorithms/forecasting.md):
# ten more demand-like series from base R's datasets and forecast's gas, last season held out as in reference.R.
# Run from plugins/forecasting/src/test with forecast 8.20 (Debian r-cran-forecast):
#   Rscript r/holdout_set.R   -> resources/reference/holdout-series.csv, holdout-accuracy.csv, data/<name>.csv
suppressMessages(library(forecast))
S <- list(
  ldeaths = list(ldeaths, "datasets::ldeaths (monthly UK deaths from lung diseases, 1974-1979)"),
  mdeaths = list(mdeaths, "datasets::mdeaths (the same, males)"),
  fdeaths = list(fdeaths, "datasets::fdeaths (the same, females)"),
  nottem = list(nottem, "datasets::nottem (monthly mean air temperature at Nottingham, 1920-1939)"),
  co2 = list(co2, "datasets::co2 (monthly Mauna Loa CO2 concentration, 1959-1997)"),
  johnsonjohnson = list(JohnsonJohnson, "datasets::JohnsonJohnson (quarterly earnings per share, 1960-1980)"),
  austres = list(austres, "datasets::austres (quarterly Australian residents, thousands, 1971-1993)"),
  front = list(Seatbelts[, "front"], "datasets::Seatbelts front (monthly front-seat passengers killed or injured, 1969-1984)"),
  rear = list(Seatbelts[, "rear"], "datasets::Seatbelts rear (the same, rear seats)"),
  gas = list(gas, "forecast::gas (monthly Australian gas production, 1956-1995)"))
mase <- function(train, f, test, m) mean(abs(test - f)) / mean(abs(diff(as.numeric(train), lag = m)))
series <- data.frame(); acc <- data.frame()
for (nm in names(S)) {
  x <- S[[nm]][[1]]; m <- frequency(x); h <- m; n <- length(x)
  train <- ts(x[1:(n - h)], frequency = m, start = start(x)); test <- as.numeric(x[(n - h + 1):n])
  first <- as.Date(sprintf("%d-%02d-01", start(x)[1], if (m == 12) start(x)[2] else (start(x)[2] - 1) * 3 + 1))
  dates <- seq(first, by = if (m == 12) "month" else "quarter", length.out = n)
  write.csv(data.frame(date = dates, value = as.numeric(x)), paste0("resources/reference/data/", nm, ".csv"),
            row.names = FALSE, quote = FALSE)
  series <- rbind(series, data.frame(series = nm, frequency = m, length = n, horizon = h, source = S[[nm]][[2]]))
  fits <- list(auto.arima = function() forecast(auto.arima(train), h = h)$mean,
               ets = function() forecast(ets(train), h = h)$mean,
               theta = function() thetaf(train, h = h)$mean,
               snaive = function() snaive(train, h = h)$mean)
  for (method in names(fits)) {
    t0 <- Sys.time(); f <- fits[[method]](); secs <- as.numeric(Sys.time() - t0, units = "secs")
    acc <- rbind(acc, data.frame(series = nm, method = method, mase = round(mase(train, f, test, m), 6),
                                 seconds = round(secs, 3)))
  }
}
write.csv(series, "resources/reference/holdout-series.csv", row.names = FALSE, quote = 5)
write.csv(acc, "resources/reference/holdout-accuracy.csv", row.names = FALSE, quote = FALSE)
print(aggregate(mase ~ method, acc, mean))
