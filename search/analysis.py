"""The French analyser: the one place that decides which words match which.

Both backends use it. The database backend stores the terms it produces for every
profile (``ProfileTerm``) and matches the terms of a query against them; the
Elasticsearch index stores the same terms as text and is queried with them, so both
answer alike (Elasticsearch adds one typo of tolerance). See docs/search.md.

Steps, for a document and for a query alike: lowercase, elision (l’, d’, qu’...),
accent folding, tokens of letters and digits, French stop words out, feminine and
agent forms brought to one form (développeuse, traductrice, conseillère), Snowball's
French stemmer (plurals and inflections). Then the curated skill synonyms
(``directory.SkillSynonym``): a document containing a synonym also gets the terms of
its skill; a query naming a synonym asks for the terms of its skill.
"""

import functools
import re
import unicodedata

import snowballstemmer

from directory.models import skill_key

ELISION = re.compile(r"\b(?:l|d|j|qu|n|s|c|m|t|jusqu|lorsqu|puisqu)['’](?=\w)", re.IGNORECASE)
TOKEN = re.compile(r"[a-z0-9]+")
# Folding that NFKD does not do on its own.
LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "đ": "d", "ł": "l"})

STOP_WORDS = frozenset(
    [
        "a",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "dans",
        "de",
        "des",
        "du",
        "elle",
        "en",
        "est",
        "et",
        "eux",
        "il",
        "ils",
        "je",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lui",
        "ma",
        "mais",
        "me",
        "meme",
        "mes",
        "moi",
        "mon",
        "ne",
        "nos",
        "notre",
        "nous",
        "on",
        "ou",
        "par",
        "pas",
        "pour",
        "qu",
        "que",
        "qui",
        "sa",
        "se",
        "ses",
        "son",
        "sur",
        "ta",
        "te",
        "tes",
        "toi",
        "ton",
        "tu",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "y",
    ]
)

# Feminine and agent forms to the form the stemmer treats as the same word (longest first).
GENDER_SUFFIXES = (
    ("trices", "teur"),
    ("trice", "teur"),
    ("euses", "eur"),
    ("euse", "eur"),
    ("iennes", "ien"),
    ("ienne", "ien"),
    ("eres", "er"),
    ("ere", "er"),
    ("ives", "if"),
    ("ive", "if"),
    ("elles", "el"),
    ("elle", "el"),
)

_stemmer = snowballstemmer.stemmer("french")


def fold(text):
    """Lowercase without accents: "Développeuse Œnologue" -> "developpeuse oenologue"."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold().translate(LIGATURES))
    if decomposed.isascii():
        return decomposed
    # Accents are combining marks after NFKD; what else is not ASCII (other scripts,
    # symbols) is not a French word either and is dropped too.
    return decomposed.encode("ascii", "ignore").decode("ascii")


@functools.lru_cache(maxsize=200_000)
def stem(word):
    """One folded word to its term."""
    if len(word) > 5:
        for suffix, replacement in GENDER_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)] + replacement
                break
    return _stemmer.stemWord(word)


def words(text):
    """The folded words of a text, after elision, without stop words."""
    text = ELISION.sub("", (text or "").replace("’", "'"))
    return [word for word in TOKEN.findall(fold(text)) if word not in STOP_WORDS]


def terms(text):
    """The terms of a text, in order (without synonyms)."""
    return [stem(word) for word in words(text)]


class Synonyms:
    """Synonym phrases (as tuples of terms) mapped to the terms of their skill, and, for
    documents, the terms of the trades (``directory.Occupation``) each skill belongs to."""

    def __init__(self, pairs=(), trades=()):
        self.trade_terms = {}
        self._trades_by_name = {}
        for skill_name, trade_name in trades:
            extra = self.trade_terms.setdefault(skill_key(skill_name), [])
            extra.extend(term for term in terms(trade_name) if term not in extra)
        self.phrases = {}
        for synonym, skill_name in pairs:
            phrase = tuple(terms(synonym))
            target = tuple(terms(skill_name))
            if phrase and target and phrase != target:
                self.phrases[phrase] = target
        self.longest = max((len(phrase) for phrase in self.phrases), default=0)
        self.first_terms = {phrase[0] for phrase in self.phrases}

    @classmethod
    def from_database(cls):
        """The curated synonyms of the directory's skills (one query)."""
        from directory.models import SkillSynonym

        return cls(SkillSynonym.objects.values_list("name", "skill__name"))

    @classmethod
    def for_documents(cls):
        """The synonyms and the trades of every skill (two queries): what indexing needs."""
        from directory.models import Occupation, SkillSynonym

        trades = []
        for (
            skill_name,
            name,
            feminine,
            abbreviations,
        ) in Occupation.skills.through.objects.values_list(
            "skill__name", "occupation__name", "occupation__feminine", "occupation__abbreviations"
        ):
            for trade in (name, feminine, *abbreviations.split(",")):
                if trade.strip():
                    trades.append((skill_name, trade))
        return cls(SkillSynonym.objects.values_list("name", "skill__name"), trades)

    def trades_of(self, skill_names):
        """The terms of the trades of these skills."""
        found = []
        for name in skill_names:
            extra = self._trades_by_name.get(name)
            if extra is None:  # each name's key once: a rebuild asks for every profile
                extra = self._trades_by_name[name] = self.trade_terms.get(skill_key(name), ())
            found.extend(extra)
        return list(dict.fromkeys(found))

    def _matches(self, tokens):
        """(start, end, target) for each synonym phrase found, longest first, no overlap."""
        i = 0
        while i < len(tokens):
            if tokens[i] not in self.first_terms:
                i += 1
                continue
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                target = self.phrases.get(tuple(tokens[i : i + size]))
                if target:
                    yield i, i + size, target
                    i += size
                    break
            else:
                i += 1

    def expand(self, tokens):
        """A document's terms plus the terms of the skills its synonyms name."""
        if not self.phrases:
            return tokens
        extra = [term for _start, _end, target in self._matches(tokens) for term in target]
        return tokens + extra

    def replace(self, tokens):
        """A query's terms with each synonym phrase replaced by its skill's terms."""
        if not self.phrases:
            return tokens
        result, position = [], 0
        for start, end, target in self._matches(tokens):
            result.extend(tokens[position:start])
            result.extend(target)
            position = end
        result.extend(tokens[position:])
        return result


NO_SYNONYMS = Synonyms()


def document_terms(text, synonyms=NO_SYNONYMS):
    return synonyms.expand(terms(text))


def query_terms(query, synonyms=NO_SYNONYMS):
    """The distinct terms a query asks for, in order."""
    return list(dict.fromkeys(synonyms.replace(terms(query))))


# Weights of the fields of a profile: a word in the name or the skills counts four
# times as much as in the presentation. Both backends score a profile as the sum, over
# the query's terms, of the weight of the best field holding that term.
FIELD_WEIGHTS = {"name": 4, "skills": 4, "headline": 2, "bio": 1, "place": 1}


def profile_fields(name, headline, skills, bio, synonyms=NO_SYNONYMS, place=""):
    """The analysed fields of a profile: {field: [terms]}. ``place``: its commune and
    centre, so that "Aurillac" finds who works there."""
    return {
        "place": terms(place),
        "name": terms(name),
        "skills": document_terms(" ; ".join(skills), synonyms) + synonyms.trades_of(skills),
        "headline": document_terms(headline, synonyms),
        "bio": document_terms(bio, synonyms),
    }


def weighted_terms(fields):
    """{term: weight of the best field holding it} for the database index."""
    weights = {}
    for field, field_terms in fields.items():
        weight = FIELD_WEIGHTS[field]
        for term in field_terms:
            if weights.get(term, 0) < weight:
                weights[term] = weight
    return weights


WORD = re.compile(r"\w+(?:['’]\w+)?")


@functools.lru_cache(maxsize=50_000)
def _word_terms(word):
    return frozenset(terms(word))


def highlight_words(text, query_term_set, prefixes=False):
    """Splits ``text`` into (piece, matched) pairs: matched pieces are words whose term is
    one the query asks for (or, with ``prefixes``, starts with one: how pages match on
    SQLite). Used for highlighted excerpts on every backend."""
    pieces = []
    position = 0
    for match in WORD.finditer(text or ""):
        word_terms = _word_terms(match.group(0))
        matched = bool(word_terms & query_term_set) or (
            prefixes
            and any(word.startswith(term) for word in word_terms for term in query_term_set)
        )
        if matched:
            if match.start() > position:
                pieces.append((text[position : match.start()], False))
            pieces.append((match.group(0), True))
            position = match.end()
    if position < len(text or ""):
        pieces.append((text[position:], False))
    return pieces
