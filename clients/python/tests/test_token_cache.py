"""The token cache: reused while fresh, replaced at least five minutes before expiry, fetched once
however many threads ask at the same time."""

import threading

from fake_identity import Clock, FakeCredential

from mlflow_entra_auth.token_cache import REFRESH_MARGIN_SECONDS, TokenCache


def cache_for(credential, clock):
    def fetch():
        access = credential.get_token("scope")
        return access.token, access.expires_on

    return TokenCache(fetch, clock=clock)


def test_the_margin_is_five_minutes():
    assert REFRESH_MARGIN_SECONDS == 300


def test_a_fresh_token_is_reused():
    clock = Clock()
    credential = FakeCredential(clock, lifetime=3600)
    cache = cache_for(credential, clock)
    assert [cache.get() for _ in range(5)] == ["token-1"] * 5
    assert len(credential.scopes) == 1


def test_a_token_is_replaced_five_minutes_before_it_expires_not_later():
    clock = Clock()
    cache = cache_for(FakeCredential(clock, lifetime=3600), clock)
    assert cache.get() == "token-1"
    clock.advance(3600 - 300 - 1)
    assert cache.get() == "token-1"
    clock.advance(1)
    assert cache.get() == "token-2"


def test_a_token_that_arrives_nearly_expired_is_reused_until_halfway_to_its_expiry():
    clock = Clock()
    cache = cache_for(FakeCredential(clock, lifetime=120), clock)
    assert cache.get() == "token-1"
    clock.advance(59)
    assert cache.get() == "token-1"
    clock.advance(1)
    assert cache.get() == "token-2"


def test_concurrent_callers_with_no_token_cause_one_fetch():
    clock = Clock()
    credential = FakeCredential(clock, delay=0.05)
    cache = cache_for(credential, clock)
    start = threading.Barrier(16)
    results = []

    def worker():
        start.wait()
        results.append(cache.get())

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["token-1"] * 16
    assert len(credential.scopes) == 1


def test_invalidate_drops_only_the_token_it_names():
    clock = Clock()
    cache = cache_for(FakeCredential(clock), clock)
    assert cache.get() == "token-1"
    cache.invalidate("some-older-token")
    assert cache.get() == "token-1"
    cache.invalidate("token-1")
    assert cache.get() == "token-2"
