"""End-to-end check of the Python client against a running node (run by BridgeClientsIT in CI).

usage: check_bridge.py HOSTS KEY SHOP PRODUCT CUSTOMER OTHER_KEY OTHER_SHOP

HOSTS is a comma-separated list of host:port. KEY must have the manage scope on SHOP, whose pricing agent decides in
auto mode; OTHER_KEY belongs to OTHER_SHOP. Prints one JSON object of results and exits 0 when every check passed.
"""

import json
import sys
import threading
import time

from merchantry_bus import BusError, MerchantryBus


def main(argv):
    hosts, key, shop, product, customer, other_key, other_shop = argv[1:8]
    hosts = hosts.split(",")
    results = {}
    mine, theirs = [], []
    got_mine = threading.Event()
    with MerchantryBus(hosts, key) as bus, MerchantryBus(hosts, other_key) as other:
        results["ping_ms"] = round(bus.ping() * 1000, 2)
        reply = bus.request("merchantry.recommend", {"shop": shop, "customer_id": customer, "limit": 3})
        results["recommend"] = {"items": len(reply["items"]), "strategy": reply.get("strategy")}
        event = {"type": "Product Viewed", "event_id": "py-check-%d" % time.time_ns(), "customer_id": customer,
                 "properties": {"product_id": product},
                 "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        results["ingest"] = bus.request("merchantry.ingest", {"shop": shop, "events": [event]})
        bus.subscribe("merchantry.price.changed", lambda body: (mine.append(body), got_mine.set()))
        other.subscribe("merchantry.price.changed", theirs.append)
        bus.ping()
        other.ping()  # both registrations are in place once the pongs are back
        decision = bus.request("merchantry.price", {"shop": shop, "product_id": product})
        results["decision"] = {"price": decision.get("price"), "decision_id": decision.get("decision_id")}
        results["price_changed_received"] = got_mine.wait(10)
        time.sleep(1.0)  # give a wrongly routed notice time to arrive
        results["price_changed_shops"] = sorted({b.get("shop") for b in mine})
        results["other_shop_received"] = len(theirs)
        try:
            bus.request("merchantry.recommend", {"shop": other_shop, "customer_id": customer})
            results["cross_shop"] = {"refused": False}
        except BusError as e:
            results["cross_shop"] = {"refused": True, "code": e.code, "message": e.message}
    ok = (results["recommend"]["items"] > 0 and results["ingest"].get("accepted") == 1
          and results["price_changed_received"] and results["price_changed_shops"] == [shop]
          and results["other_shop_received"] == 0 and results["cross_shop"].get("code") == 403)
    results["ok"] = ok
    print(json.dumps(results))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
