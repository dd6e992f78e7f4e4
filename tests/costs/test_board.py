"""The scenario board: names, rename/delete, all scenarios as one JSON file and back."""

from __future__ import annotations

import json

import pytest

from o7app import board
from o7core import O7InputError, plan_scenario, scenario_to_dict


def test_names_and_saving(sample):
    saved: dict = {}
    assert board.next_name(saved) == "Szenario A"
    assert board.save(saved, board.next_name(saved), sample) == "Szenario A"
    assert board.next_name(saved) == "Szenario B"
    assert board.save(saved, "  Szenario   A ", sample) == "Szenario A (2)"
    assert board.save(saved, "Szenario A", sample, overwrite=True) == "Szenario A"
    assert list(saved) == ["Szenario A", "Szenario A (2)"]
    with pytest.raises(O7InputError, match="leer"):
        board.save(saved, "   ", sample)
    with pytest.raises(O7InputError, match="60 Zeichen"):
        board.save(saved, "x" * 61, sample)


def test_rename_keeps_the_order_and_delete(sample):
    saved = {"A": sample, "B": sample, "C": sample}
    assert board.rename(saved, "B", "Ziel 60 %") == "Ziel 60 %"
    assert list(saved) == ["A", "Ziel 60 %", "C"]
    with pytest.raises(O7InputError, match="gibt es schon"):
        board.rename(saved, "A", "C")
    board.delete(saved, "A")
    assert list(saved) == ["Ziel 60 %", "C"]
    with pytest.raises(O7InputError, match="nicht"):
        board.delete(saved, "A")


def test_json_round_trip_gives_the_same_plans(sample):
    saved = {"Basis": sample, "Mehr": sample.with_parameters(target_reachability=0.6)}
    raw = board.collection_to_json(saved).encode("utf-8")
    data = json.loads(raw)
    assert data["format"] == "o7-scenario-collection" and [s["name"] for s in data["scenarios"]] == ["Basis", "Mehr"]
    loaded = board.collection_from_bytes(raw, "alle.json")
    assert [n for n, _ in loaded] == ["Basis", "Mehr"]
    for (_, original), (_, back) in zip(saved.items(), loaded, strict=True):
        assert plan_scenario(back).costs == plan_scenario(original).costs
        assert back.parameters == original.parameters


def test_a_single_scenario_file_is_accepted(sample):
    raw = json.dumps({**scenario_to_dict(sample), "name": "Göppingen"}).encode("utf-8")
    assert [n for n, _ in board.collection_from_bytes(raw, "s.json")] == ["Göppingen"]


def test_merge_numbers_taken_names(sample):
    saved = {"Basis": sample}
    assert board.merge(saved, [("Basis", sample), ("Neu", sample)]) == ["Basis (2)", "Neu"]


@pytest.mark.parametrize(
    ("raw", "match"),
    [
        (b"\xff\xfe not utf-8", "UTF-8"),
        (b"{nope", "kein gültiges JSON"),
        (b'{"format": "something"}', "keine Szenariendatei"),
        (b'{"format": "o7-scenario-collection", "version": 2, "scenarios": []}', "Version"),
        (b'{"format": "o7-scenario-collection", "version": 1, "scenarios": []}', "keine Szenarien"),
    ],
)
def test_bad_files_are_named(raw, match):
    with pytest.raises(O7InputError, match=match) as info:
        board.collection_from_bytes(raw, "kaputt.json")
    assert info.value.problems[0].file == "kaputt.json"


def test_a_bad_scenario_in_a_collection_names_its_position_and_field(sample):
    good = {**scenario_to_dict(sample), "name": "gut"}
    bad = {**scenario_to_dict(sample), "name": "schlecht"}
    bad["parameters"] = {**bad["parameters"], "target_reachability": 1.5}
    raw = json.dumps({"format": "o7-scenario-collection", "version": 1, "scenarios": [good, bad]}).encode()
    with pytest.raises(O7InputError) as info:
        board.collection_from_bytes(raw, "zwei.json")
    problem = info.value.problems[0]
    assert problem.row == 2 and problem.column == "scenarios[2].parameters.target_reachability"
    assert "Ziel-Erreichbarkeit" in problem.message
