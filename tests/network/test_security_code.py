"""The security code follows docs/platform-api.md exactly (known vectors, the commitment rules,
and the customer page's own JS agreeing with the app in both roles)."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from network.security_code import (
    AnsweringCode,
    CodeUnverifiedError,
    OfferingCode,
    code_from,
    commitment_of,
    sha256_fingerprint,
)

STATIC = Path(__file__).resolve().parents[2] / "platform_server" / "static"

FP_A = "F0:0D:" + ":".join(["AB"] * 30)
FP_B = "0F:" + ":".join(["CD"] * 31)
NONCE_1 = "11" * 32
NONCE_2 = "22" * 32


def sdp_with(fingerprint: str, *, media_level: bool = False) -> str:
    lines = ["v=0", "o=- 1 1 IN IP4 0.0.0.0", "s=-", "t=0 0"]
    if media_level:
        lines += ["m=audio 9 UDP/TLS/RTP/SAVPF 111", "c=IN IP4 0.0.0.0"]
    lines += [
        f"a=fingerprint:sha-256 {fingerprint}",
        "a=fingerprint:sha-512 00:11",
    ]
    return "\r\n".join(lines) + "\r\n"


def test_known_vectors_follow_the_documented_formula() -> None:
    commit_text = f"advisor-call commitment v1|{FP_A}|{NONCE_1}"
    assert commitment_of(FP_A.lower(), NONCE_1) == hashlib.sha256(commit_text.encode()).hexdigest()
    code_text = f"advisor-call code v1|{FP_A}|{FP_B}|{NONCE_1}|{NONCE_2}"
    number = int.from_bytes(hashlib.sha256(code_text.encode()).digest()[:4], "big") % 1_000_000
    assert code_from(FP_A, FP_B, NONCE_1, NONCE_2) == f"{number // 1000:03d} {number % 1000:03d}"


def test_roles_and_nonces_change_the_code() -> None:
    code = code_from(FP_A, FP_B, NONCE_1, NONCE_2)
    assert code_from(FP_B, FP_A, NONCE_1, NONCE_2) != code  # offer and answer are not swappable
    assert code_from(FP_A, FP_B, NONCE_2, NONCE_1) != code
    assert code_from(FP_A.lower(), FP_B, NONCE_1, NONCE_2) == code


def test_leading_zeros_are_kept() -> None:
    codes = {code_from(FP_A, FP_B, f"{i:064x}", NONCE_2) for i in range(300)}
    assert all(len(code) == 7 and code[3] == " " for code in codes)
    assert any(code.startswith("0") for code in codes)


def test_takes_the_first_sha256_fingerprint_from_either_level() -> None:
    assert sha256_fingerprint(sdp_with(FP_A.lower())) == FP_A
    assert sha256_fingerprint(sdp_with(FP_B, media_level=True)) == FP_B
    assert sha256_fingerprint("v=0\r\na=fingerprint:sha-1 00:11\r\n") is None


def agree(offer_sdp: str, answer_sdp: str) -> tuple[str, str]:
    """Both sides of one connection, honest: (offerer's code, answerer's code)."""
    offering = OfferingCode(offer_sdp)
    answering = AnsweringCode(offer_sdp, {"sdp": offer_sdp, **offering.offer_fields()})
    fields = answering.answer_fields(answer_sdp)
    offerers = offering.answered(answer_sdp, fields)
    return offerers, answering.revealed(offering.reveal_fields())


def test_honest_sides_agree_and_each_connection_has_a_fresh_code() -> None:
    first = agree(sdp_with(FP_A), sdp_with(FP_B, media_level=True))
    second = agree(sdp_with(FP_A), sdp_with(FP_B, media_level=True))
    assert first[0] == first[1]
    assert second[0] == second[1]
    # Same certificates, fresh nonces: a new code (a one-in-a-million tie aside).
    assert first[0] != second[0]


def test_an_offer_without_a_valid_commitment_is_refused() -> None:
    for offer in ({}, {"commitment": "AB" * 32}, {"commitment": "ab" * 31}, {"commitment": 7}):
        with pytest.raises(CodeUnverifiedError, match="commitment"):
            AnsweringCode(sdp_with(FP_A), offer)


def test_an_answer_without_a_nonce_gives_no_code() -> None:
    offering = OfferingCode(sdp_with(FP_A))
    with pytest.raises(CodeUnverifiedError, match="nonce"):
        offering.answered(sdp_with(FP_B), {"sdp": sdp_with(FP_B)})
    assert offering.code is None


def test_a_reveal_that_does_not_match_the_commitment_gives_no_code() -> None:
    offering = OfferingCode(sdp_with(FP_A))
    answering = AnsweringCode(sdp_with(FP_A), offering.offer_fields())
    answering.answer_fields(sdp_with(FP_B))
    with pytest.raises(CodeUnverifiedError, match="does not match"):
        answering.revealed({"nonce": NONCE_1})
    assert answering.code is None


def test_a_forwarded_commitment_with_a_swapped_fingerprint_is_caught() -> None:
    """A relay that passes the offerer's commitment and reveal on but shows the answerer its own
    certificate: the commitment binds the offer's fingerprint, so the reveal fails."""
    honest_offer, relays_offer = sdp_with(FP_A), sdp_with(FP_B)
    offering = OfferingCode(honest_offer)
    answering = AnsweringCode(relays_offer, offering.offer_fields())
    answering.answer_fields(sdp_with("AA:BB"))
    with pytest.raises(CodeUnverifiedError):
        answering.revealed(offering.reveal_fields())


_PAGE_SIDE = """
import readline from "node:readline";
import { AnsweringCode, OfferingCode, codeFrom, commitmentOf } from "%s";
const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();
const next = async () => JSON.parse((await lines.next()).value);
const say = (value) => console.log(JSON.stringify(value));
const vector = await next();
say([await codeFrom(...vector), await commitmentOf(vector[0], vector[2])]);
// The page offers; the app answers; the page reveals.
const offering = new OfferingCode((await next()).sdp);
say(await offering.offerFields());
const code = await offering.answered(await next());
say({ reveal: offering.revealSignal(), code });
// The app offers; the page answers; the app reveals.
const answering = new AnsweringCode(await next());
say(answering.answerFields((await next()).sdp));
say(await answering.revealed(await next()));
process.exit(0);
"""


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
def test_the_customer_page_agrees_with_the_app_in_both_roles() -> None:
    """The page's security-code.js talks to this module in both roles, signal by signal."""
    with subprocess.Popen(
        ["node", "--input-type=module", "-e", _PAGE_SIDE % (STATIC / "security-code.js")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as page:
        try:
            _talk_to_the_page(page)
        finally:
            page.kill()


def _talk_to_the_page(page: subprocess.Popen[str]) -> None:
    to_page, from_page = page.stdin, page.stdout
    assert to_page is not None
    assert from_page is not None

    def tell(value: object) -> None:
        to_page.write(json.dumps(value) + "\n")
        to_page.flush()

    def ask(value: object) -> object:
        tell(value)
        return json.loads(from_page.readline())

    vector = [FP_A, FP_B, NONCE_1, NONCE_2]
    assert ask(vector) == [code_from(*vector), commitment_of(FP_A, NONCE_1)]

    page_sdp, app_sdp = sdp_with(FP_A), sdp_with(FP_B, media_level=True)
    page_offer = ask({"sdp": page_sdp})  # the page offers, the app answers, the page reveals
    assert isinstance(page_offer, dict)
    app_answers = AnsweringCode(page_sdp, page_offer)
    revealed = ask({"sdp": app_sdp, **app_answers.answer_fields(app_sdp)})
    assert isinstance(revealed, dict)
    assert app_answers.revealed(revealed["reveal"]) == revealed["code"]

    app_offers = OfferingCode(app_sdp)  # the app offers, the page answers, the app reveals
    tell({"sdp": app_sdp, **app_offers.offer_fields()})
    page_answer = ask({"sdp": page_sdp})
    assert isinstance(page_answer, dict)
    app_code = app_offers.answered(page_sdp, page_answer)
    assert ask(app_offers.reveal_fields()) == app_code
