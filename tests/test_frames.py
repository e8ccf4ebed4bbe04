"""The frame reader: lemmas, vocabulary classes, modality, actor and main acts."""

from __future__ import annotations

from pathlib import Path

import pytest

from licenseparse import analyze, read_frames
from licenseparse.errors import RuleLibraryError
from licenseparse.frames import Lexicon, class_triggers, lemma
from licenseparse.library import RuleLibrary


def _classes(text: str, sentence: int = 0) -> list[tuple[str, str]]:
    frame = read_frames(text)[sentence]
    return [(m.cls, text[m.start:m.end]) for m in frame.marks]


def test_lemma_reads_inflections_and_hyphenated_heads() -> None:
    assert [lemma(w) for w in ("sold", "selling", "taught", "outputs", "fine-tuned")] == [
        "sell", "sell", "teach", "output", "fine-tune"]


def test_class_triggers_cover_every_form_of_a_phrase() -> None:
    assert class_triggers(["teach", "no commercial"]) == {"teach", "taught", "commercial"}


def test_lexicon_matches_lemmas_and_gaps() -> None:
    lexicon = Lexicon({"act.distribute": ["make ... available", "pass on"],
                       "obj.output": ["output"]})
    text = "we made the trained weights available and passed on the outputs"
    found = [(m.cls, text[m.start:m.end]) for m in lexicon.marks(text, 0, len(text))]
    assert found == [("act.distribute", "made the trained weights available"),
                     ("act.distribute", "passed on"), ("obj.output", "outputs")]
    # A gap is at most three words long.
    far = "we made one two three four available"
    assert lexicon.marks(far, 0, len(far)) == []


def test_exact_form_elements_keep_what_the_lemma_loses() -> None:
    lexicon = Lexicon({"obj.latest": ["=latest version"], "obj.new": ["new version"]})
    text = "the latest version replaces the later version and a newer version"
    found = [(m.cls, text[m.start:m.end]) for m in lexicon.marks(text, 0, len(text))]
    assert found == [("obj.latest", "latest version"), ("obj.new", "newer version")]


def test_frame_modality_and_actor() -> None:
    frames = read_frames("You may copy it. Nobody may sell it. Sharing it is forbidden.")
    assert [(f.modality, f.actor) for f in frames] == [
        ("permission", "actor.licensee"), ("prohibition", "actor.nobody"),
        ("prohibition", None)]


def test_weak_cues_state_facts_unless_a_permission_word_follows() -> None:
    fact, ban, order = read_frames(
        "Mere interaction with a user is not conveying. Copying it is not permitted. "
        "Do not sell it.")
    assert fact.modality == "statement"
    assert ban.modality == "prohibition"
    assert order.modality == "prohibition"


def test_list_item_inherits_the_lead_in_modality_and_actor() -> None:
    text = "The licensee must not:\n(a) upload the weights to a public site; or\n" \
           "(b) lend the weights to anyone.\n"
    frames = [f for f in read_frames(text) if f.marks and text[f.start:f.end].startswith("(")]
    assert [(f.modality, f.actor) for f in frames] == [
        ("prohibition", "actor.licensee"), ("prohibition", "actor.licensee")]


def test_main_acts_are_the_coordinated_acts_the_modal_governs() -> None:
    text = "You may not give, lend or send copies of it to anyone."
    frame = read_frames(text)[0]
    assert [text[m.start:m.end] for m in frame.main] == ["give", "lend", "send"]
    # "distribute" in a relative clause is not what is forbidden.
    text = "You may not use measures to obstruct the copies you make or distribute."
    frame = read_frames(text)[0]
    assert [text[m.start:m.end] for m in frame.main] == ["use"]


def test_negated_limits_and_words_inside_objects_are_dropped() -> None:
    assert ("lim.only", "limited to") not in _classes("Use includes, but is not limited to, tests.")
    assert ("act.modify", "Modified") not in _classes(
        "Such a section may not be included in the Modified Version.")


def test_frame_offsets_point_into_the_original() -> None:
    text = "Intro.\r\n\r\nYou\u00a0may not hand copies out to anyone."
    frame = [f for f in read_frames(text) if f.marks][-1]
    spans = [text[m.start:m.end] for m in frame.marks]
    assert "hand copies out" in spans


@pytest.mark.parametrize(("text", "field", "value"), [
    ("Nobody may use this engine to earn revenue.", "noncommercial_or_research_only", True),
    ("You must not fine-tune other networks on the replies this service generates.",
     "output_model_training", "prohibited"),
    ("Passing the files on to colleagues is forbidden.", "grant_redistribute", "no"),
])
def test_frame_rules_find_clauses_in_other_words(text: str, field: str, value: object) -> None:
    assert getattr(analyze(text).profile, field) == value


def _pack(folder: Path, frames: str, match: str) -> Path:
    """A rule pack with its own frame classes and one rule, ``use.plant``."""
    (folder / "_vocab.yaml").write_text(f"frames:\n{frames}", encoding="utf-8")
    (folder / "use").mkdir(exist_ok=True)
    (folder / "use" / "plant.yaml").write_text(
        "id: use.plant\ntitle: t\nkind: use.enumerated\ndescription: d\nexplanation: e\n"
        f"match: {match}\nexamples: {{positive: [a], negative: [b]}}\n", encoding="utf-8")
    return folder


def test_unknown_frame_class_and_bad_phrase_are_reported(tmp_path: Path) -> None:
    _pack(tmp_path, "  act.plant: [plant, '... sow']\n  garden: [rake]\n",
          "{frame: {modality: [prohibition], has: [act.plant, obj.tree]}}")
    with pytest.raises(RuleLibraryError) as caught:
        RuleLibrary.from_path(tmp_path)
    message = str(caught.value)
    assert "unknown frame class obj.tree" in message
    assert "'... sow'" in message
    assert "frames.garden" in message


def test_frame_rule_of_a_pack_matches(tmp_path: Path) -> None:
    library = RuleLibrary.from_path(_pack(
        tmp_path, "  act.plant: [plant, sow]\n",
        "{frame: {modality: [prohibition], does: [act.plant]}}"))
    # Its triggers come from its classes: the forms of "plant" and "sow" ("sown" holds
    # "sow", so "sow" finds it).
    assert library.get("use.plant").triggers == ("plant", "sow")
    found = analyze("No one may sow the seeds. You may plant them.", rules=library).findings
    assert [(f.rule_id, f.modality, f.quote) for f in found] == [
        ("use.plant", "prohibition", "No one may sow the seeds.")]
