from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor_app.settings import Settings


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert Settings.load(tmp_path / "none.json") == Settings()


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    s = Settings(server_url="https://p.example", last_email="a@b.example", ring_volume=0.3)
    s.save(path)
    assert Settings.load(path) == s
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".settings-")]


@pytest.mark.parametrize("content", ["{not json", "[1, 2]", '"text"', ""])
def test_malformed_file_falls_back_to_defaults(tmp_path: Path, content: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    assert Settings.load(path) == Settings()


def test_wrong_types_are_dropped_field_by_field(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"server_url": 5, "last_email": "x@y.example", "ring_volume": 1, "new": 1})
    )
    loaded = Settings.load(path)
    assert loaded.server_url == ""
    assert loaded.last_email == "x@y.example"
    assert loaded.ring_volume == 1.0


def test_settings_never_hold_a_token() -> None:
    assert not [
        name for name in Settings.__dataclass_fields__ if "token" in name or "password" in name
    ]


def test_failed_save_leaves_old_file_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.json"
    Settings(last_email="old@x.example").save(path)

    def disk_full(*_a: object, **_k: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("json.dump", disk_full)
    with pytest.raises(OSError, match="No space"):
        Settings(last_email="new@x.example").save(path)
    assert Settings.load(path).last_email == "old@x.example"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]
