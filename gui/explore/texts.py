"""The plain-language texts of the explanations panel, in our own words.

Written for someone who has never seen a matrix: one picture per idea (tokens as
codes, attention as a context analyser that looks back, feed-forward as a word
enhancer, layers as floors of a building, prediction as a guessing game). The texts
claim only what the views show: a token attends to itself too, a neuron's meaning is
not known, and a chat with a base model is the "before" of alignment.
Kept apart from the widgets so that a reviewer can read and edit them as prose.
Each text is light HTML (paragraphs and bold only) so the panel can show it as is.
"""
from __future__ import annotations

from ..common.explanation import Explanation

TOKENS = Explanation(
    "Tokens: the model reads codes",
    "<p>The model never sees letters or whole words. Before it reads anything, the text is cut "
    "into <b>tokens</b>: common words, pieces of words, spaces and punctuation. Each token "
    "has a number, like a code in a codebook of about two thousand entries.</p>"
    "<p>The coloured chips at the top show the cut: one colour per token. A dot <b>·</b> is a "
    "space, <b>⏎</b> a new line. Point at a chip to see its code number.</p>"
    "<p><b>Word order.</b> Each code is looked up as a list of numbers (a <i>vector</i>), and a "
    "second vector for its <b>position</b> (first, second, third...) is added to it. That is how "
    "the model tells “the dog saw the cat” from “the cat saw the dog”. View 6 shows the two parts.</p>",
)

NEXT_TOKEN = Explanation(
    "Prediction: a guessing game",
    "<p>All the model ever does is play one guessing game: <b>what comes next?</b> For every "
    "token in its codebook it gives a chance, and then one token is picked. Writing a whole "
    "story is just this game, played again and again.</p>",
    "<p>The bars show the model's best guesses, exactly as <b>Step</b> will draw from them. Step "
    "rolls a die weighted by these chances, so a likely token usually wins, but not always. The "
    "<b>seed</b> fixes the die: the same seed gives the same text again. <b>Greedy</b> always takes "
    "the top guess. Click a bar to choose a token yourself.</p>"
    "<p><b>Temperature</b> below 1 makes the favourite even more likely (safe, repetitive "
    "text); above 1 it evens the chances out (surprising, sometimes silly text). "
    "<b>Top-k</b> and <b>top-p</b> cross out unlikely guesses before the die is rolled: "
    "those bars turn grey, and the others grow to share their chance. The dashed outline keeps "
    "the model's own chance in view.</p>"
    "<p>The new text appears below, each new token with the chance it had. "
    "A low number means the model surprised itself. When the model writes <b>[end of text]</b>, "
    "the text is over: Step writes nothing more until Back removes the ending.</p>",
)

ATTENTION_GRID = Explanation(
    "Attention: a context analyser that looks back",
    "<p>A word means little alone: <i>it</i> could be a ball or a dog. To understand each token, "
    "the model looks back at the tokens before it, and at itself, and decides which ones matter. "
    "This is called <b>attention</b>. It is a context analyser that only looks back: like a reader "
    "who may reread the story so far but never peek at the next page.</p>",
    "<p>Each small square is one <b>head</b>: one independent way of looking back. Rows are "
    "the token doing the looking, columns the tokens it looks at (the diagonal is itself); brighter "
    "means more attention. The grey upper-right half is the rule of the game: a token may never "
    "peek at the future.</p>"
    "<p>Different heads learn different habits: one looks at the previous token, another at "
    "names, another at the start of the sentence. Click a square to see it large.</p>",
)

ATTENTION_HEAD = Explanation(
    "One head, up close",
    "<p>Each head is one reader with its own habit. Here you watch one of them at work: "
    "for every token, which tokens so far, itself included, did it find worth rereading?</p>",
    "<p>This is one attention head, large. Each row is a token asking: <i>which tokens up to "
    "here help me understand myself?</i> Each row's attention adds up to 100%, so a token "
    "that looks hard at one place looks little at the others.</p>"
    "<p>The lines show the same thing as threads between words: the thicker the thread, "
    "the more the token on the left listens to the token on the right.</p>",
)

LOGIT_LENS = Explanation(
    "Layer by layer: floors of a building",
    "<p>The model is built like a building with several <b>floors</b> (layers). Each token "
    "enters on the ground floor as its code and climbs up. On every floor, attention lets it "
    "gather context and the feed-forward part adds to it, and what it carries gets "
    "refined.</p>",
    "<p>Here we stop the climb on each floor and ask: <i>if you had to guess the next token "
    "now, what would you say?</i> Low floors give rough guesses; the top floor gives the "
    "model's final answer. Watch where a good guess first appears.</p>",
)

NEURONS = Explanation(
    "Feed-forward: the word enhancer",
    "<p>Once attention has gathered the context, each token goes through a <b>word "
    "enhancer</b> on every floor: a panel of hundreds of small units called neurons. Each neuron "
    "fires more or less strongly depending on the token and its context, and when it fires it adds "
    "its own push to the token. Some neurons seem to respond to something we could name; for most, "
    "nobody knows what they stand for. The token leaves richer than it came in, and climbs to the "
    "next floor.</p>",
    "<p>The bars show which neurons fire most for a token, and how strongly.</p>",
)

EMBEDDING = Explanation(
    "Token + position: where each word stands",
    "<p>Attention on its own is blind to order: shuffle the words and each token would see the "
    "same set of others. So before the first floor, the model adds to each token's vector a second "
    "vector that says <b>where</b> it stands. The token part is the same wherever the word appears; "
    "the position part is the same for every word in that place.</p>",
)

# For a model with rotary positions (Pythia: no position vectors); the view's own words say the same.
ROTARY = Explanation(
    "Token + position: order without a position vector",
    "<p>Attention on its own is blind to order. Our models and GPT-2 add a position vector to each "
    "token's vector before the first floor; <b>this model adds nothing</b>: what enters layer 1 is the "
    "token's vector alone, wherever the word stands. It learns order inside attention instead: on "
    "every floor, each head turns its queries and keys by an angle that grows with the position "
    "(<i>rotary</i> positions), so how much one token attends to another depends on how far apart "
    "they are.</p>",
)

CHAT = Explanation(
    "Chat: before alignment",
    "<p>In chat mode the app sends exactly <b>User:</b> your question, a new line, and "
    "<b>Assistant:</b>, the format of the chats the model read, and the model writes on from there. "
    "It is still the same guessing game: the model does not know it is talking to anyone.</p>"
    "<p>This model has only read a small made-up world of children's stories and chats. It knows "
    "no real facts: asked about the real world, it may say so, or make something up. And it "
    "has not been <b>aligned</b> yet: it may write the user's next line too, answer rudely, or do "
    "what a harmful request asks, because its reading included all of these. That is the "
    "<i>before</i> picture; later training is what changes it.</p>",
)

CHAT_ALIGNED = Explanation(
    "Chat: after alignment",
    "<p>In chat mode the app sends exactly <b>User:</b> your question, a new line, and "
    "<b>Assistant:</b>, and the model writes on: the same guessing game as ever.</p>"
    "<p>The model behind the views now went through <b>alignment</b>: it was shown a few hundred good "
    "answers, then trained with ratings (given by a program standing in for people). So it usually "
    "answers the question, refuses to help hurt anyone and ends its turn. It still knows only the "
    "small made-up world, and it can still be wrong or make things up: alignment changed a few "
    "decisive words, not what it knows. The Compare page (Ctrl+4) shows the before and after.</p>",
)

TIMELINE = Explanation(
    "The timeline under the views",
    "<p>This model was not always this good. While it learned, copies of its numbers were kept: at "
    "the random start (step 0), then steps 10, 30, 100, 300... Move the <b>timeline</b> slider, or press "
    "<b>[</b> and <b>]</b>, to put a younger copy behind every view and watch its guesses sharpen and its "
    "attention heads form; <b>F</b> plays them like a film. <b>Ctrl+2</b> opens the Train page, where a "
    "new model learns from scratch.</p>",
)

# The views of the centre area, by key.
VIEWS: dict[str, Explanation] = {
    "next": NEXT_TOKEN,
    "grid": ATTENTION_GRID,
    "head": ATTENTION_HEAD,
    "lens": LOGIT_LENS,
    "neurons": NEURONS,
    "embed": EMBEDDING,
}

# The neurons view's own words (gui/explore/qt_neurons.py): in the view, and after the panel's.
ENHANCER = ("Feed-forward layers act like a word enhancer: each neuron responds to a pattern and adds its own "
            "push to the prediction.")
HONEST = ("Under each bar: the neuron's number, and the token its output weights push up most directly, that is "
          "how much one unit of firing adds to that token's score if nothing after it changed. It is not what "
          "the model will write (later layers can strengthen or undo the push), and it says nothing about what "
          "makes the neuron fire. What a neuron stands for is not known.")
IN_VIEW = ("Under each bar: the neuron's number → the token its output pushes up most directly. Not a prediction: "
           "later layers can undo the push (point at a bar, or read the panel).")
NEURONS_VIEW = (
    "After attention has gathered context, every layer passes each token through a feed-forward part made "
    "of neurons. The bars show the neurons of each layer that fire hardest for the selected token, with their "
    "numbers and strengths; layer 1 is at the bottom. Shift+← → choose another token; when not every layer "
    "fits, Shift+↑ ↓ show the others. " + ENHANCER
)
