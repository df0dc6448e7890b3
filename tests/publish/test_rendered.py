"""Chart images are rendered once per spec and read back from the cache after."""

from __future__ import annotations

from pathlib import Path

import pytest

from modelwatch.publish import rendered


def _spec(n: int) -> dict[str, object]:
    return {"data": {"values": [{"x": n}]}, "mark": "point", "encoding": {"x": {"field": "x", "type": "quantitative"}}}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MODELWATCH_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "charts"


def test_an_image_is_read_back_from_the_cache(cache: Path) -> None:
    first = rendered.png(_spec(1))
    assert first.startswith(b"\x89PNG")
    (stored,) = cache.glob("*.png")
    stored.write_bytes(b"what the cache holds")  # read back: nothing is rendered again
    assert rendered.png(_spec(1)) == b"what the cache holds"
    assert rendered.png(_spec(1), scale=1) != b"what the cache holds"  # another scale, another image
    assert rendered.svg(_spec(1)).startswith("<svg")


def test_the_cache_keeps_the_newest_images_and_only_removes_its_own(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rendered, "KEEP", 2)
    cache.mkdir(parents=True)
    (cache / "notes.png").write_bytes(b"a user's file")
    for n in range(4):
        rendered.svg(_spec(n))
    assert sorted(p.suffix for p in cache.iterdir()) == [".png", ".svg", ".svg"]
    assert (cache / "notes.png").read_bytes() == b"a user's file"


def test_a_link_planted_in_the_cache_is_neither_read_nor_followed(cache: Path, tmp_path: Path) -> None:
    image = rendered.png(_spec(1))
    (stored,) = cache.glob("*.png")
    target = tmp_path / "elsewhere.png"
    target.write_bytes(b"not a chart")
    stored.unlink()
    stored.symlink_to(target)
    assert rendered.png(_spec(1)) == image  # rendered again, the link replaced by the image
    assert (target.read_bytes(), stored.is_symlink()) == (b"not a chart", False)


def test_a_cache_that_cannot_be_written_costs_time_never_the_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("MODELWATCH_CACHE", str(blocked))
    assert rendered.png(_spec(1)).startswith(b"\x89PNG")
