"""Projector mode model: stepping, revealing, choosing, the running score, what-if, upgrade path."""
import pytest

from ocop_kit import projector as pj
from ocop_kit.paths import samples_dir
from ocop_kit.rubric.registry import default_version_id
from ocop_kit.scoring import score

from .helpers import criterion, version_for

HELD_BACK = samples_dir("answers") / "huong-ngan-tinh-dau-sa-2026.json"  # 4★ band, 3★ after a minimum
FIVE_STAR = samples_dir("answers") / "mien-dong-tai-hoan-2026.json"


def small_demo(start=pj.START_EMPTY):
    crits = [criterion("A.1", [0, 1, 3], minimums=((3, 1),)), criterion("B.1", [0, 2, 4]), criterion("C.1", [0, 3])]
    version, cset = version_for(crits)
    return pj.Demonstration(version, cset, sample={"A.1": 3, "B.1": 2, "C.1": 3}, start=start)


def test_starts_empty_at_the_first_criterion_with_levels_hidden():
    demo = small_demo()
    assert demo.index == 0 and demo.current.code == "A.1"
    assert not demo.is_revealed and demo.chosen == {}
    assert demo.result().total == 0 and demo.chosen_number() is None
    assert demo.sample_number() == 3


def test_start_from_the_samples_answers_scores_like_the_engine():
    demo = pj.from_sample(HELD_BACK, pj.START_ANSWERS)
    direct = score(demo.version, demo.cset, demo.sample, demo.facts)
    assert demo.result().total == direct.total and demo.result().stars == direct.stars
    assert demo.version.id == default_version_id() and demo.product
    assert not demo.revealed


def test_next_previous_stop_at_the_ends_and_end_comes_after_the_last_criterion():
    demo = small_demo()
    assert not demo.previous()
    assert demo.next() and demo.next() and demo.current.code == "C.1"
    assert demo.next() and demo.at_end and demo.current is None and demo.levels() == []
    assert not demo.next() and demo.index == demo.count
    assert demo.previous() and demo.current.code == "C.1"


def test_reveal_is_per_criterion():
    demo = small_demo()
    assert demo.reveal() and demo.is_revealed
    demo.next()
    assert not demo.is_revealed
    demo.previous()
    assert demo.is_revealed


def test_choose_by_screen_number_reveals_and_adds_up():
    demo = small_demo()
    assert demo.choose(3) and demo.is_revealed and demo.chosen == {"A.1": 3}
    demo.next()
    assert demo.choose(2)
    assert demo.result().total == 5 and demo.chosen_number() == 2
    assert not demo.choose(0) and not demo.choose(4) and not demo.choose("x")
    assert demo.chosen == {"A.1": 3, "B.1": 2}
    assert demo.clear() and "B.1" not in demo.chosen and not demo.clear()


def test_a_minimum_holds_the_star_back_and_says_which_criterion():
    demo = small_demo(pj.START_ANSWERS)
    demo.choose(1)  # A.1 at 0 points: below its 3-star minimum of 1
    result = demo.result()
    assert result.band_stars >= 3 and result.stars < result.band_stars
    assert [(m.code, m.star, m.needs) for m in demo.holding_back()] == [("A.1", 3, 1)]
    demo.choose(2)
    assert demo.result().stars == demo.result().band_stars


def test_what_if_changes_the_star_without_keeping_the_level():
    demo = pj.from_sample(HELD_BACK, pj.START_ANSWERS)
    blocker = demo.holding_back()[0]
    demo.go_to([c.code for c in demo.cset.criteria].index(blocker.code))
    before = demo.result()
    needed = next(i for i, lv in enumerate(demo.levels(), 1) if lv.points == blocker.needs)
    assert demo.what_if(needed) and demo.is_revealed
    trial = demo.trial_result()
    assert trial.stars > before.stars and trial.total > before.total
    assert demo.result().total == before.total and demo.chosen[blocker.code] == blocker.has
    demo.next()
    assert demo.trial is None and demo.trial_result() is None


def test_upgrade_path_at_the_end_reaches_the_next_star():
    demo = pj.from_sample(HELD_BACK, pj.START_ANSWERS)
    demo.go_to(demo.count)
    path = demo.upgrade_path()
    assert path.reachable and path.steps and path.target == demo.result().stars + 1
    after = score(demo.version, demo.cset, path.apply(demo.chosen), demo.facts)
    assert after.stars >= path.target


def test_the_top_star_has_no_further_path():
    demo = pj.from_sample(FIVE_STAR, pj.START_ANSWERS)
    assert demo.result().stars == 5
    path = demo.upgrade_path()
    assert path.steps == [] and demo.holding_back() == []


def test_sample_files_are_those_of_the_criteria_in_force():
    files = pj.sample_files()
    assert len(files) >= 3 and all(p.suffix == ".json" for _, p in files)
    assert all(pj.from_sample(p).version.id == default_version_id() for _, p in files)
    names = [name for name, _ in files]
    assert "Tinh dầu sả chanh Hương Ngàn" in names


def test_unknown_start_is_refused():
    with pytest.raises(ValueError):
        small_demo(start="later")
