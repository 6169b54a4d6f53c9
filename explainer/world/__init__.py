"""The tiny world: a seeded generator of simple English for a small GPT to learn.

A fixed cast (children, animals, toys, places, foods) with fixed facts, told
about in three genres: stories built from plot skeletons, fact pages, and
User/Assistant chats of labelled quality. `generate_corpus` mixes them into
train, validation and test splits; `python -m explainer.world` writes them to
disk. Standard library only.
"""

from .chats import ask_harmful, helpful_reply, make_chat
from .corpus import Corpus, generate_corpus
from .document import END_OF_TEXT, Document
from .fact_table import Fact, fact_lookup, facts
from .facts_pages import make_fact_page, say_fact
from .questions import Prompt, ask
from .stories import PLOT_NAMES, held_out, make_story
from .vocabulary import world_vocabulary

__all__ = [
    "END_OF_TEXT", "PLOT_NAMES", "Corpus", "Document", "Fact", "Prompt", "ask", "ask_harmful",
    "fact_lookup", "facts", "generate_corpus", "held_out", "helpful_reply", "make_chat",
    "make_fact_page", "make_story", "say_fact", "world_vocabulary",
]
