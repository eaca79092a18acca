"""Our descriptions tell the other side how much video it may send us (`b=AS`)."""

from __future__ import annotations

from network.peer import VIDEO_ALLOWED_KBPS
from network.video_allowance import allow_video_kbps
from network.video_encoder import HD_MAX_BITRATE
from tests.network.peers import Side, wait_until

SDP = (
    "v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\n"
    "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\nc=IN IP4 0.0.0.0\r\na=mid:0\r\n"
    "m=video 9 UDP/TLS/RTP/SAVPF 96\r\nc=IN IP4 0.0.0.0\r\nb=AS:300\r\na=mid:1\r\n"
    "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\na=mid:2\r\n"
)


def sections(sdp: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    kind = "session"
    for line in sdp.split("\r\n"):
        if line.startswith("m="):
            kind = line[2:].split()[0]
        found.setdefault(kind, []).append(line)
    return found


def test_only_the_video_section_gets_the_allowance_replacing_any_it_had() -> None:
    allowed = sections(allow_video_kbps(SDP, 2500))
    assert [line for line in allowed["video"] if line.startswith("b=")] == ["b=AS:2500"]
    assert allowed["video"].index("b=AS:2500") == allowed["video"].index("c=IN IP4 0.0.0.0") + 1
    for kind in ("session", "audio", "application"):
        assert not any(line.startswith("b=") for line in allowed[kind]), kind
    assert allow_video_kbps(allow_video_kbps(SDP, 2500), 2500) == allow_video_kbps(SDP, 2500)


async def test_offer_and_answer_allow_what_our_hd_encoder_may_spend(
    peer_pair: tuple[Side, Side],
) -> None:
    assert VIDEO_ALLOWED_KBPS == HD_MAX_BITRATE // 1000
    offerer, answerer = peer_pair
    offer = await offerer.peer.offer()
    answer = await answerer.peer.answer(offer)
    for description in (offer, answer):
        assert f"b=AS:{VIDEO_ALLOWED_KBPS}" in sections(description)["video"]
    await offerer.peer.accept_answer(answer)  # aiortc takes the line as it is
    await wait_until(lambda: all(side.frames["video"] >= 3 for side in peer_pair), 10)
