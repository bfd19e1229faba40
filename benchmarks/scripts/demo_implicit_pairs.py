#!/usr/bin/env python3
# usage: demo_implicit_pairs.py DIR   (DIR from `merchantry demo-data --out DIR`; writes DIR/implicit_{train,test}.csv
#        and DIR/temporal_{train,test}.csv)
"""Demo shop events → user,item,weight pairs (the platform's default interaction weights), one seeded 80/20 split
of the (customer, product) pairs, plus a temporal split (pairs first seen in the last 60 days → test)."""
import csv, random, sys, collections, os
d = sys.argv[1]
W = {"Product Viewed": 1.0, "Product Clicked": 1.0, "Product Added": 3.0, "Order Completed": 5.0,
     "Product Reviewed": 1.0}
weight = collections.defaultdict(float); first = {}; last = {}
def add(u, i, w, ts):
    k = (u, i); weight[k] += w
    first[k] = min(first.get(k, ts), ts); last[k] = max(last.get(k, 0), ts)
import datetime
def t(s):
    return int(datetime.datetime.fromisoformat(s.replace("Z", "+00:00")).timestamp()) if not s.isdigit() else int(s)
with open(os.path.join(d, "events.csv")) as f:
    for r in csv.DictReader(f):
        w = W.get(r["type"])
        u = r["customer_id"] or r["anonymous_id"]
        if not w or not r["product_id"] or not u:
            continue
        if r["type"] == "Product Reviewed":
            w *= float(r["rating"])
        add(u, r["product_id"], w, t(r["timestamp"]))
with open(os.path.join(d, "orders.csv")) as f:
    for r in csv.DictReader(f):
        add(r["customer_id"], r["product_id"], W["Order Completed"], t(r["timestamp"]))
pairs = sorted(weight)
rnd = random.Random(42)
rnd.shuffle(pairs)
cut = int(len(pairs) * 0.8)
def write(name, rows):
    with open(os.path.join(d, name), "w") as f:
        f.write("user,item,weight,timestamp\n")
        for k in rows:
            f.write(f"{k[0]},{k[1]},{weight[k]:g},{last[k]}\n")
write("implicit_train.csv", pairs[:cut]); write("implicit_test.csv", pairs[cut:])
end = max(last.values()); split = end - 60 * 86400
write("temporal_train.csv", [k for k in pairs if first[k] < split])
write("temporal_test.csv", [k for k in pairs if first[k] >= split])
ws = sorted(weight.values())
print(len(pairs), "pairs,", len({k[0] for k in pairs}), "users,", len({k[1] for k in pairs}), "items; weight median",
      ws[len(ws)//2], "p90", ws[int(len(ws)*.9)], "max", ws[-1])
