from __future__ import annotations

from advisor_app.call.signals import HOLD_MAX, HOLD_S, CallSignals


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_signals_before_the_subscription_are_delivered_in_order() -> None:
    clock = FakeClock()
    signals = CallSignals(clock)
    signals.signal("c1", "customer", {"kind": "offer", "sdp": "x"})
    signals.signal("c1", "customer", {"kind": "candidate", "candidate": "y"})
    got: list[tuple[str, dict[str, object]]] = []
    signals.subscribe("c1", lambda f, d: got.append((f, d)), lambda _c: None)
    assert [d["kind"] for _, d in got] == ["offer", "candidate"]
    signals.signal("c1", "customer", {"kind": "hangup"})
    assert got[-1][1]["kind"] == "hangup"


def test_stale_held_signals_are_dropped() -> None:
    clock = FakeClock()
    signals = CallSignals(clock)
    signals.signal("c1", "customer", {"kind": "offer"})
    clock.now += HOLD_S + 1
    got: list[object] = []
    signals.subscribe("c1", lambda f, d: got.append(d), lambda _c: None)
    assert got == []


def test_held_signals_are_bounded_and_per_call() -> None:
    signals = CallSignals(FakeClock())
    for i in range(HOLD_MAX + 10):
        signals.signal("c1", "customer", {"n": i})
    signals.signal("c2", "customer", {"n": "other"})
    got: list[object] = []
    signals.subscribe("c1", lambda f, d: got.append(d), lambda _c: None)
    assert len(got) == HOLD_MAX


def test_unsubscribed_sessions_hear_nothing_and_a_failing_one_does_not_stop_others() -> None:
    signals = CallSignals(FakeClock())
    got: list[object] = []

    def broken(_f: str, _d: dict[str, object]) -> None:
        raise RuntimeError("bug in a subscriber")

    signals.subscribe("c1", broken, lambda _c: None)
    unsubscribe = signals.subscribe("c1", lambda f, d: got.append(d), lambda _c: None)
    signals.signal("c1", "customer", {"kind": "offer"})
    assert got == [{"kind": "offer"}]
    unsubscribe()
    signals.signal("c1", "customer", {"kind": "hangup"})
    assert got == [{"kind": "offer"}]
