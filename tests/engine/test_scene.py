"""Scene and talk files: a scene written and read back is the same scene, and every kind of bad
file (not JSON, wrong types, a path that climbs out, another version, a huge file) is refused with
words a person can act on, before anything is used."""
import json

import pytest

from explainer.talks import Scene, SceneError, builtin_talks, find_talk, read_scene, read_talk, write_scene
from explainer.talks.scene import MAX_BYTES, ExploreState, scene_from_dict
from explainer.talks.talk import talk_from_dict


def a_scene() -> Scene:
    return Scene(page="compare", model="sft", step=300, zoom=1.5,
                 explore=ExploreState(prompt="Once upon a time", tokens=((5, "sample"), (7, "chosen")), seed=3,
                                      temperature=0.7, top_k=20, top_p=0.9, view="head", head=(1, 2), position=4))


def test_a_scene_written_and_read_back_is_the_same(tmp_path):
    path = tmp_path / "a.scene.json"
    write_scene(path, a_scene())
    assert read_scene(path) == a_scene()
    data = json.loads(path.read_text())
    assert data["format"] == "explainer-scene" and data["version"] == 1  # a person can read what it is


def test_write_is_atomic_and_leaves_no_temporary_file(tmp_path):
    write_scene(tmp_path / "a.json", a_scene())
    write_scene(tmp_path / "a.json", Scene())
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"] and read_scene(tmp_path / "a.json") == Scene()


def bad(tmp_path, content: bytes | str) -> str:
    path = tmp_path / "bad.scene.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    with pytest.raises(SceneError) as caught:
        read_scene(path)
    return str(caught.value)


def good_dict(**changes) -> dict:
    d = a_scene().to_dict()
    d.update(changes)
    return d


@pytest.mark.parametrize("content, words", [
    ("{not json", "not valid JSON"),
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    ("[1, 2, 3]", "should be dict"),
    (json.dumps({"format": "something-else", "version": 1}), "not an explainer scene"),
    (json.dumps(good_dict(version=2)), "version 2 scene"),
    (json.dumps(good_dict(page="settings")), "page should be one of"),
    (json.dumps(good_dict(zoom="big")), "zoom should be"),
    (json.dumps(good_dict(zoom=float("nan"))), "finite number"),  # JSON has no NaN, but Python writes and reads it
    (json.dumps(good_dict(step=True)), "step should be"),
    (json.dumps(good_dict(model="/etc/passwd")), "never points anywhere else"),
    (json.dumps(good_dict(model="runs/../../home")), "never points anywhere else"),
    (json.dumps(good_dict(model="../assets/models/base")), "never points anywhere else"),
    (json.dumps(good_dict(secret=1)), "keys this version does not know"),
    (json.dumps(good_dict(explore={"tokens": [[5, "stolen"]]})), "should be one of sample"),
    (json.dumps(good_dict(explore={"tokens": [5]})), "[token id, how it was chosen]"),
    (json.dumps(good_dict(explore={"tokens": [[-1, "sample"]]})), "between 0"),
    (json.dumps(good_dict(explore={"temperature": 0})), "between 0.05"),
    (json.dumps(good_dict(explore={"head": [1]})), "[layer, head]"),
    ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
])
def test_a_bad_scene_file_is_refused_with_a_reason(tmp_path, content, words):
    assert words in bad(tmp_path, content)


def test_a_huge_file_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.scene.json"
    with open(path, "wb") as f:  # 1 GB without writing it: a sparse file
        f.truncate(1 << 30)
    with pytest.raises(SceneError, match="1,073,741,824 bytes"):
        read_scene(path)
    assert MAX_BYTES < 1 << 30


def test_a_scene_names_only_bundled_models_and_runs_in_the_runs_folder():
    assert scene_from_dict(good_dict(model="runs/20261207-101010")).model == "runs/20261207-101010"
    for outside in ("runs/a/b", "runs/..", "C:\\models", "runs/", ""):
        with pytest.raises(SceneError):
            scene_from_dict(good_dict(model=outside))


TALK = {"format": "explainer-talk", "version": 1, "title": "t", "minutes": 5,
        "scenes": [{"title": "one", "narration": "n", "notes": "x", "try": "press →", "builds": ["step", "step"],
                    "scene": {"page": "explore", "explore": {"prompt": "Hi", "write": 3}}}]}


def test_a_talk_is_read_with_its_scenes_builds_and_tour_lines():
    talk = talk_from_dict(TALK, "t")
    scene = talk.scenes[0]
    assert (scene.title, scene.try_this, scene.builds) == ("one", "press →", ("step", "step"))
    assert scene.scene.explore.write == 3 and scene.scene.explore.prompt == "Hi"


@pytest.mark.parametrize("change, words", [
    ({"version": 9}, "version 9 talk"),
    ({"scenes": []}, "between 1 and"),
    ({"scenes": [{"builds": ["rm -rf /"]}]}, "an action's name"),
    ({"scenes": [{"scene": {"model": "/tmp/x"}}]}, "never points anywhere else"),
    ({"scenes": [{"speaker": "x"}]}, "does not know"),
])
def test_a_bad_talk_is_refused_with_a_reason(change, words):
    with pytest.raises(SceneError, match=words.replace("(", r"\(")):
        talk_from_dict({**TALK, **change}, "t")


def test_the_built_in_talks_are_read_without_error():
    names = builtin_talks()
    assert {"intro", "briefing"} <= set(names)
    intro, briefing = read_talk(find_talk("intro")), read_talk(find_talk("briefing"))
    assert 12 <= len(intro.scenes) <= 20 and intro.minutes == 15
    assert 4 <= len(briefing.scenes) <= 8 and briefing.minutes == 5
    for talk in (intro, briefing):
        for scene in talk.scenes:
            assert scene.title and scene.narration and scene.notes and scene.try_this, (talk.name, scene.title)


def test_an_unknown_talk_name_says_which_talks_there_are():
    with pytest.raises(SceneError, match="intro"):
        find_talk("no-such-talk")
