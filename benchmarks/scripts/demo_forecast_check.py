#!/usr/bin/env python3
"""Demo forecast check (docs/algorithms/forecasting.md, "On the demo shop").

Per category of the demo shop: the bound forecaster's forecast of the next 28 days, the units sold in the last 28
days, and what the demo's generative model implies for the next 28 (last 28 days x the ratio of its yearly season
exp(A cos(2 pi (doy - peak) / 365.25)) over the two windows, A and peak per category from docs/demo-data.md).

    merchantry serve --demo                       # note the admin token, or set MERCHANTRY_ADMIN_TOKEN
    merchantry demo-data --out /tmp/demo-csv      # the same seeded history as CSV
    python3 benchmarks/scripts/demo_forecast_check.py --token TOKEN --data /tmp/demo-csv [--db DATA_DIR/merchantry.db]

The node's demo also replays two weeks of pricing decisions whose simulated customers answer the agent's prices, so
its recent sales differ from the CSV's; --db reads the units sold from the node's own SQLite file (read-only).
"""
import argparse, collections, csv, datetime, json, math, sqlite3, urllib.request

SEASON = {"Tents & Shelters": (0.8, 180), "Sleeping Bags & Mats": (0.6, 185), "Backpacks": (0.35, 160),
          "Hiking Footwear": (0.3, 120), "Outdoor Clothing": (0.55, 320), "Ski & Snowboard": (1.2, 350),
          "Climbing": (0.4, 150), "Camp Kitchen": (0.6, 190)}

ap = argparse.ArgumentParser()
ap.add_argument("--url", default="http://localhost:8080")
ap.add_argument("--token", required=True)
ap.add_argument("--shop", default="demo")
ap.add_argument("--data", required=True, help="directory written by `merchantry demo-data --out`")
ap.add_argument("--days", type=int, default=28)
ap.add_argument("--db", help="the node's SQLite file: units sold are read from it instead of the CSV")
a = ap.parse_args()


def get(path):
    req = urllib.request.Request(f"{a.url}/api/v1/shops/{a.shop}{path}", headers={"Authorization": f"Bearer {a.token}"})
    return json.load(urllib.request.urlopen(req))


category = {r["product_id"]: r["category"] for r in csv.DictReader(open(f"{a.data}/products.csv"))}
units = collections.defaultdict(float)
if a.db:
    con = sqlite3.connect(f"file:{a.db}?mode=ro", uri=True)
    for ts, p, q in con.execute("SELECT ts, product_id, quantity FROM event_items"
                                " WHERE type = 'Order Completed' AND shop_id = ?", (a.shop,)):
        day = datetime.datetime.fromtimestamp(ts / 1000, datetime.timezone.utc).date().isoformat()
        units[(p, day)] += float(q)
else:
    for r in csv.DictReader(open(f"{a.data}/orders.csv")):
        units[(r["product_id"], r["timestamp"][:10])] += float(r["quantity"])
end = max(datetime.date.fromisoformat(d) for _, d in units)


def season(c, day):
    amplitude, peak = SEASON[c]
    return math.exp(amplitude * math.cos(2 * math.pi * (day.timetuple().tm_yday - peak) / 365.25))


def ratio(c):
    ahead = sum(season(c, end + datetime.timedelta(d)) for d in range(1, a.days + 1))
    last = sum(season(c, end - datetime.timedelta(d)) for d in range(a.days))
    return ahead / last


rows = collections.defaultdict(lambda: [0.0, 0.0])
models = collections.Counter()
for p, c in category.items():
    f = get(f"/forecasts/{p}?horizon={a.days}")
    # "level × seasonal index" models are counted by their level ("Croston (SBA)", "discounted Poisson rate", …)
    models[f["model"].split(" × ")[0].split(" + ")[0].split(" (")[0]] += 1
    rows[c][0] += sum(pt["mean"] for pt in f["points"])
    rows[c][1] += sum(units.get((p, (end - datetime.timedelta(d)).isoformat()), 0) for d in range(a.days))

print(f"history ends {end}; next {a.days} days")
print(f"| category | forecast | last {a.days} d | season ratio | implied |")
print("|---|---:|---:|---:|---:|")
total = [0, 0, 0]
for c, (forecast, last) in sorted(rows.items()):
    implied = last * ratio(c)
    print(f"| {c} | {forecast:.0f} | {last:.0f} | {ratio(c):.2f} | {implied:.0f} |")
    total = [total[0] + forecast, total[1] + last, total[2] + implied]
print(f"| total | {total[0]:.0f} | {total[1]:.0f} | | {total[2]:.0f} |")
print("sum over categories of |forecast - implied|:",
      round(sum(abs(f - l * ratio(c)) for c, (f, l) in rows.items())))
print("models:", dict(models))
