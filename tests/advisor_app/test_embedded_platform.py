"""The demo's own platform as the app starts it: a real subprocess that answers on loopback and is
gone after `stop`, its pipes closed (this test found them left open)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

from advisor_app.embedded_platform import EmbeddedPlatform, app_command


def time_of(base_url: str) -> dict[str, object]:
    with urllib.request.urlopen(f"{base_url}/api/v1/time", timeout=10) as response:
        body: dict[str, object] = json.loads(response.read())
    return body


@pytest.mark.slow
def test_the_demo_platform_starts_answers_and_is_gone_after_stop() -> None:
    assert app_command("platform")[-1] == "platform"
    embedded = EmbeddedPlatform(with_customer_bot=False)
    demo = embedded.start()
    try:
        assert demo.base_url.startswith("http://127.0.0.1:")
        assert demo.customer_url.startswith(demo.base_url)
        assert demo.advisor_email
        assert time_of(demo.base_url)  # it answers
    finally:
        embedded.stop()
    with pytest.raises(urllib.error.URLError):
        time_of(demo.base_url)
