"""Typos: each query term that no public profile has is corrected against the indexed
vocabulary, the same way for every backend.

The vocabulary is the set of terms of the database index (``ProfileTerm``), which every
backend keeps (Elasticsearch composes the database backend), with the number of profiles
holding each. A term of 4 to 7 letters may be one edit away (insertion, deletion,
substitution or swap of two neighbours: Damerau-Levenshtein), a longer one two; the
closest wins, then the most frequent, then the first in alphabetical order. Terms are
stems (``search.analysis``), so "devloppeur" is corrected to the stem of "développeur".

What the page shows is a word, not a stem: the word of the skills, trades and synonyms
vocabulary that has that term, else the term itself.
"""

from __future__ import annotations

from rapidfuzz.distance import DamerauLevenshtein
from rapidfuzz.process import extract

from django.core.cache import cache
from django.db.models import Count

from .analysis import terms as analysed_terms
from .analysis import words
from .models import ProfileTerm

VOCABULARY_CACHE_KEY = "search:directory:vocabulary"
WORDS_CACHE_KEY = "search:directory:display-words"
CACHE_SECONDS = 3600


def max_edits(term: str) -> int:
    if len(term) < 4:
        return 0
    return 1 if len(term) < 8 else 2


def vocabulary() -> dict[str, int]:
    """{term: number of public profiles holding it}, cached until the index changes."""
    found = cache.get(VOCABULARY_CACHE_KEY)
    if found is None:
        found = dict(
            ProfileTerm.objects.values("term")
            .annotate(n=Count("profile_id"))
            .values_list("term", "n")
        )
        cache.set(VOCABULARY_CACHE_KEY, found, CACHE_SECONDS)
    return found


def forget() -> None:
    cache.delete_many([VOCABULARY_CACHE_KEY, WORDS_CACHE_KEY])


def correct(query_terms: list[str]) -> dict[str, str]:
    """{term: corrected term} for the terms that match nothing and have a close one."""
    candidates = [term for term in query_terms if max_edits(term)]
    if not candidates:
        return {}
    counts = cache.get(VOCABULARY_CACHE_KEY)
    if counts is None:  # one small query rather than reading the whole vocabulary
        known = set(
            ProfileTerm.objects.filter(term__in=candidates)
            .values_list("term", flat=True)
            .distinct()
        )
    else:
        known = set(counts)
    missing = [term for term in candidates if term not in known]
    if not missing:
        return {}
    counts = counts if counts is not None else vocabulary()
    choices = list(counts)
    fixed = {}
    for term in missing:
        limit = max_edits(term)
        matches = extract(
            term,
            choices,
            scorer=DamerauLevenshtein.distance,
            score_cutoff=limit,
            limit=50,
        )
        if matches:
            best = min(matches, key=lambda match: (match[1], -counts[match[0]], match[0]))
            fixed[term] = best[0]
    return fixed


def _display_words() -> dict[str, list[str]]:
    """{term: the words of the skills, trades and synonyms vocabulary having it}."""
    found = cache.get(WORDS_CACHE_KEY)
    if found is None:
        from directory.models import Occupation, Skill, SkillSynonym

        texts = list(Skill.objects.shared().values_list("name", flat=True))
        texts += list(SkillSynonym.objects.values_list("name", flat=True))
        for name, feminine, abbreviations in Occupation.objects.values_list(
            "name", "feminine", "abbreviations"
        ):
            texts += [name, feminine, *abbreviations.split(",")]
        found = {}
        for text in texts:
            for piece in text.replace("’", " ").replace("'", " ").replace("-", " ").split():
                piece_terms = analysed_terms(piece)
                if len(piece_terms) == 1:
                    spellings = found.setdefault(piece_terms[0], [])
                    if piece.lower() not in spellings:
                        spellings.append(piece.lower())
        cache.set(WORDS_CACHE_KEY, found, CACHE_SECONDS)
    return found


def display(term: str, typed: str = "") -> str:
    """A word to show for a term: the vocabulary's spelling closest to what was typed."""
    spellings = _display_words().get(term)
    if not spellings:
        return term
    folded = " ".join(words(typed))
    return min(
        spellings,
        key=lambda word: (DamerauLevenshtein.distance(folded, " ".join(words(word))), word),
    )


def typed_words(query: str, fixed: dict[str, str]) -> dict[str, str]:
    """{word as typed: word searched for instead} for the corrected terms."""
    typed = {}
    for word in query.replace("’", "'").split():
        for term in analysed_terms(word):
            if term in fixed:
                typed[word] = display(fixed[term], word)
    return typed


def corrected_query(query: str, typed: dict[str, str]) -> str:
    return " ".join(typed.get(word, word) for word in query.replace("’", "'").split())
