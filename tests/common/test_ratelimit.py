from marketplace.common.ratelimit import client_ip, rate_limited


def test_rate_limit_counts_per_key_and_scope():
    assert not any(rate_limited(scope="t", key="1.2.3.4", limit=3, period=60) for _ in range(3))
    assert rate_limited(scope="t", key="1.2.3.4", limit=3, period=60)
    assert not rate_limited(scope="t", key="5.6.7.8", limit=3, period=60)
    assert not rate_limited(scope="other", key="1.2.3.4", limit=3, period=60)


def test_forwarded_for_is_trusted_only_behind_a_proxy(rf, settings):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 10.0.0.9", REMOTE_ADDR="10.0.0.2")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    assert client_ip(request) == "10.0.0.2"  # a client cannot pick its own address
    settings.AXES_IPWARE_PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.9"
