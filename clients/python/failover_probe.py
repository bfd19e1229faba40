"""Asks for recommendations over the bridge every 50 ms while nodes come and go (run by ClusterFailoverIT).

usage: failover_probe.py HOSTS KEY SHOP SECONDS

Connects to the first host of HOSTS (comma-separated host:port) and keeps asking; a request that fails because the
connection was lost is asked again once the client has reconnected (to the next host). Prints one JSON summary:
requests, failed attempts, the hosts it was connected to in order, and the longest gap between two answers.
"""

import json
import sys
import time

from merchantry_bus import BusError, MerchantryBus


def main(argv):
    hosts, key, shop, seconds = argv[1].split(","), argv[2], argv[3], float(argv[4])
    answered, failed_attempts, hosts_seen, errors = 0, 0, [], []
    last_answer = time.monotonic()
    max_gap = 0.0
    with MerchantryBus(hosts, key, ping_interval=1.0, connect_timeout=2.0, on_error=lambda e: None) as bus:
        hosts_seen.append(bus.host)
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                bus.request("merchantry.recommend", {"shop": shop, "product_id": "p1", "limit": 3}, timeout=5)
                now = time.monotonic()
                max_gap = max(max_gap, now - last_answer)
                last_answer = now
                answered += 1
                if bus.host != hosts_seen[-1]:
                    hosts_seen.append(bus.host)
            except BusError as e:
                failed_attempts += 1
                if len(errors) < 5:
                    errors.append("%s %s" % (e.code, e.message))
                time.sleep(0.05)
                continue
            time.sleep(0.05)
    print(json.dumps({"answered": answered, "failed_attempts": failed_attempts, "hosts": hosts_seen,
                      "max_gap_ms": round(max_gap * 1000), "errors": errors}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
