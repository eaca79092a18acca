"""The customer page, when it answers (booked calls, fresh connections), checks the offer's
commitment (docs/platform-api.md, "Call security code"): a reveal that does not match it, or an
offer without one, shows no code, says `code_unverified` in German and ends the call as
`unverified`. An honest reveal gives the code the offerer computed. Real Chromium and Firefox
run the page's own `CallSession` against a browser peer connection as the advisor; the app's
side of the same rules is tested in tests/advisor_app/call/.
"""

from __future__ import annotations

from typing import Any

import pytest

from platform_server.testing import RunningPlatform
from tests.browsers import CustomerPage, page_errors

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# `reveal`: "honest" (the offerer's own nonce), "wrong" (another nonce), "held" (never sent: a
# relay holds it back; the page waits 1 s here, 15 s for real) or "none" (the offer carries no
# commitment at all).
CHECK_SCRIPT = """async (reveal) => {
    const base = document.baseURI;
    const { CallSession } = await import(new URL("call-session.js", base).href);
    const { OfferingCode } = await import(new URL("security-code.js", base).href);
    const { noticeText } = await import(new URL("texts.js", base).href);
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false });
    const toAdvisor = [];
    const reported = [];
    const session = new CallSession({
        callId: "call-1",
        api: { request: async (method, path, body) => reported.push([path, body]) && {} },
        sendSignal: (data) => toAdvisor.push(data),
        sendMessage: () => {},
        platformNow: () => new Date(),
        iceServers: [],
        media: { stream, hasVideo: false, hasAudio: true },
        revealWaitMs: 1000,
    });
    const ended = new Promise((done) => session.addEventListener("ended", (e) => done(e.detail)));
    const advisor = new RTCPeerConnection();
    advisor.addTransceiver("audio");
    advisor.createDataChannel("control");
    await advisor.setLocalDescription(await advisor.createOffer());
    const code = new OfferingCode(advisor.localDescription.sdp);
    const offer = { kind: "offer", sdp: advisor.localDescription.sdp };
    if (reveal !== "none") Object.assign(offer, await code.offerFields());
    await session.answer(offer);
    const answer = toAdvisor.find((s) => s.kind === "answer") || null;
    let advisorCode = null;
    if (answer) {
        advisorCode = await code.answered(answer);
        const signal = code.revealSignal();
        if (reveal === "wrong") signal.nonce = "ab".repeat(32);
        if (reveal !== "held") await session.handleSignal(signal);
    }
    const result = { answered: Boolean(answer), advisorCode, snapshot: session.snapshot() };
    if (reveal !== "honest") result.ended = await ended;
    result.snapshot = session.snapshot();
    result.noticeShown = noticeText(result.snapshot.lastNotice);
    result.signals = toAdvisor.map((s) => [s.kind, s.reason || null]);
    result.reported = reported.map(([path, body]) => [path, body && body.reason]);
    advisor.close();
    if (!session.ended) session.end({ by: "customer", reason: "hangup" });
    return result;
}"""

GERMAN = "Der Sicherheitscode ließ sich nicht bestätigen: Jemand könnte mithören."


def check(platform: RunningPlatform, page: CustomerPage, reveal: str) -> dict[str, Any]:
    page.goto(platform.customer_url)
    result: dict[str, Any] = page.evaluate(CHECK_SCRIPT, reveal)
    assert not page_errors(page)
    return result


def test_an_honest_reveal_gives_the_offerers_code(
    platform: RunningPlatform, customer_page: CustomerPage
) -> None:
    result = check(platform, customer_page, "honest")
    assert result["answered"]
    assert result["snapshot"]["securityCode"] == result["advisorCode"] is not None
    assert result["snapshot"]["codeUnverified"] is False
    assert result["noticeShown"] is None


@pytest.mark.parametrize("reveal", ["wrong", "held", "none"])
def test_a_broken_or_missing_commitment_ends_the_call_unverified(
    platform: RunningPlatform, customer_page: CustomerPage, reveal: str
) -> None:
    result = check(platform, customer_page, reveal)
    assert result["answered"] is (reveal != "none")  # no commitment: not even an answer
    assert result["snapshot"]["securityCode"] is None
    assert result["snapshot"]["codeUnverified"] is True
    assert result["noticeShown"].startswith(GERMAN)
    assert result["ended"] == {"by": "customer", "reason": "unverified"}
    assert ["hangup", "unverified"] in result["signals"]
    assert ["/calls/call-1/hangup", "unverified"] in result["reported"]
