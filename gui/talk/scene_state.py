"""The window's state as a Scene (explainer/talks/scene.py) and back: `capture` and `apply`.

`apply` checks everything a scene names against what the window has (the model on disk, its
snapshot, the tokens in its vocabulary, the layer and head in its shape) before it changes
anything, so a scene that cannot be opened leaves the window exactly as it was and says why.
Then it sets the state in an order that lets nothing undo what came before: the Align page's
step card (which may put its model behind the views) first, then the model and snapshot, the
dials, the prompt and its tokens, the view and its selection, the zoom, and the page last.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from explainer.talks.scene import (TRAIN_VIEWS, AlignState, CompareState, ExploreState, Scene, SceneError,
                                   TrainState)

from ..common.shelf_files import MODELS


def _runs_root(window) -> Path:
    from ..train.run_recipes import runs_root
    return runs_root(window)


def model_name_of(window) -> str:
    """How a scene names the model behind the views: its bundled name, or runs/<folder>."""
    shelf = window.shelf
    model = shelf.shown
    path = getattr(model, "path", None)
    if path is not None:
        path = Path(path).resolve()
        if path.parent == MODELS.resolve() and shelf.shown_key == path.name:
            return path.name
        if path.parent == _runs_root(window).resolve():
            return f"runs/{path.name}"
    raise SceneError(f"the model behind the views ({model.title if model else 'none'}) is neither a bundled model "
                     "nor a run in your runs folder, so a scene could not open it again")


def _position(view, n: int) -> int:
    get = getattr(view, "query", None) or getattr(view, "position", None)
    position = get() if get is not None else -1
    return -1 if position < 0 or position >= n - 1 else position  # the newest token: follow it as it moves


def capture(window) -> Scene:
    """The scene on screen now."""
    ex, views = window.exploration, window.views
    s = ex.settings
    explore = ExploreState(prompt=ex.chat_question if ex.chat else ex.prompt, chat=ex.chat,
                           tokens=tuple((g.token, g.how) for g in ex.generated), seed=ex.seed,
                           temperature=s.temperature, top_k=s.top_k, top_p=s.top_p, greedy=s.greedy,
                           view=views.current_key, head=views.views["head"].head(),
                           position=_position(views.currentWidget(), len(ex.window)))
    compare, align = CompareState(), AlignState()
    page = window.page_widgets.get("compare")
    if page is not None:
        compare = CompareState(request=(page.index or 0) + 1, typed=page.typed if page.index is None else "",
                               seed=page.seed, greedy=page.greedy, section=page.section)
    page = window.page_widgets.get("align")
    if page is not None:
        align = AlignState(part=page.part_in_front(), step=page.step)
    page, train = window.page_widgets.get("train"), TrainState()
    if page is not None:
        train = TrainState(view=TRAIN_VIEWS[max(page.views.currentIndex(), 0)])
    return Scene(page=window.current_page, model=model_name_of(window), step=window.shelf.shown_step,
                 zoom=window.zoom.factor, explore=explore, compare=compare, align=align, train=train)


# -- opening -------------------------------------------------------------------------------------
def _model_key(window, name: str) -> str:
    """The shelf key of the scene's model, loading it first if it is not on the shelf yet."""
    shelf = window.shelf
    if name.startswith("runs/"):
        root = _runs_root(window).resolve()
        folder = (root / name.split("/", 1)[1]).resolve()
        if folder.parent != root or not folder.is_dir():
            raise SceneError(f"the scene's model {name!r} is not a folder in your runs folder ({root})")
        for key, model in shelf.models.items():
            if getattr(model, "path", None) is not None and Path(model.path).resolve() == folder:
                return key
        from explainer import CheckpointError, load_model

        from ..common.shelf_files import put_on_shelf
        try:
            return put_on_shelf(shelf, load_model(str(folder)))[0]
        except CheckpointError as exc:
            raise SceneError(f"the scene's model {name!r} could not be opened: {exc}") from None
    if name not in shelf.models:
        from explainer.errors import CheckpointError

        from ..common.shelf_files import put_bundled
        if not (MODELS / name).is_dir():
            raise SceneError(f"the scene's model {name!r} is not one of the bundled models")
        try:
            put_bundled(shelf, name)
        except CheckpointError as exc:
            raise SceneError(f"the bundled model {name!r} could not be read: {exc}") from None
    return name


def _check(window, scene: Scene, key: str) -> None:
    """Everything the scene names exists in this model: nothing is changed before this passes."""
    model = window.shelf.models[key]
    if scene.step is not None and scene.step not in model.steps() and scene.step != model.latest_step:
        steps = ", ".join(f"{s:,}" for s in model.steps()) or "none"
        raise SceneError(f"the scene shows step {scene.step:,} of {model.title}, which has no snapshot there "
                         f"(its snapshots: {steps})")
    vocab, c = model.tokenizer.vocab_size, model.config
    bad = [t for t, _ in scene.explore.tokens if t >= vocab]
    if bad:
        raise SceneError(f"the scene's tokens are not this model's: token {bad[0]} is beyond its {vocab:,}-token vocabulary")
    layer, head = scene.explore.head
    if layer >= c.n_layer or head >= c.n_head:
        raise SceneError(f"the scene selects layer {layer + 1}, head {head + 1}; {model.title} has "
                         f"{c.n_layer} layers of {c.n_head} heads")
    if not scene.explore.prompt.strip():
        raise SceneError("the scene's prompt is empty: the model needs at least one word to continue")


def apply(window, scene: Scene) -> None:
    """Open `scene` in the window; a SceneError (with the reason) leaves the window as it was."""
    from explainer.explore import PromptError
    from explainer.sampling import SamplerSettings
    if window.exploration is None:
        raise SceneError("the window has no model yet: a scene opens once the model has loaded")
    key = _model_key(window, scene.model)
    _check(window, scene, key)
    e = scene.explore
    try:
        settings = SamplerSettings(e.temperature, e.top_k, e.top_p, e.greedy)
    except ValueError as exc:
        raise SceneError(f"the scene's sampling settings cannot be used: {exc}") from None
    window.player.stop_film()
    if scene.page == "align" or "align" in window.page_widgets:
        align = window.page("align")
        align.select(scene.align.step)  # may put the step's model behind the views: the scene's model follows
        align.show_part(scene.align.part)
    window.shelf.show(key, scene.step)
    ex = window.exploration
    ex.set_model(window.shelf.inspection_model, window.shelf.shown.tokenizer)  # now, even with Explore hidden
    ex.set_settings(settings)
    ex.set_seed(e.seed)
    try:
        ex.set_chat(e.prompt) if e.chat else ex.set_prompt(e.prompt)
        ex.restore(list(e.tokens), e.write)
    except (PromptError, ValueError) as exc:
        raise SceneError(f"the scene's text could not be written: {exc}") from None
    window.zoom.set_factor(scene.zoom)
    # the Explore views catch up with the new text when shown (a hidden view waits), and a new text
    # forgets a selection: so they are shown first, then given the scene's selection
    window.show_page("explore")
    _select(window, e, len(ex.window))
    if scene.page == "compare" or "compare" in window.page_widgets:
        _compare(window.page("compare"), scene.compare)
    if scene.page == "train" or "train" in window.page_widgets:
        window.page("train").views.setCurrentIndex(TRAIN_VIEWS.index(scene.train.view))
    if scene.page != "explore":
        window.show_page(scene.page)


def _select(window, e: ExploreState, n: int) -> None:
    views = window.views
    views.show_view(e.view)
    views.views["grid"].select(*e.head)
    views.views["head"].set_head(*e.head)
    position = n - 1 if e.position < 0 else min(e.position, n - 1)
    for key, setter in (("head", "set_query"), ("lens", "set_position"), ("neurons", "set_position"),
                        ("embed", "set_position")):
        getattr(views.views[key], setter)(position)


def _compare(page, c: CompareState) -> None:
    page.restore(c.request - 1, c.typed, c.seed, c.greedy)  # the file counts as the page shows, from 1
    page.show_section(c.section)


def ready(window, scene: Scene) -> bool:
    """Whatever the scene's page computes in the background has arrived (the Compare page's answers)."""
    if scene.page != "compare":
        return True
    page = window.page_widgets.get("compare")
    return page is not None and page.showing()


def same_scene(a: Scene, b: Scene) -> bool:
    """Equal as a person sees them (zoom compared to its level, `write` folded into the tokens)."""
    return replace(a, zoom=round(a.zoom, 3)) == replace(b, zoom=round(b.zoom, 3))
