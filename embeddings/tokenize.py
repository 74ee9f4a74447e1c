"""Word segmentation with fugashi (MeCab); ipadic by default, unidic-lite selectable."""
from __future__ import annotations

import os
from importlib import metadata

DICTIONARIES = ("ipadic", "unidic-lite")


def dictionary_of(tokenizer_version: str) -> str:
    """The dictionary name of a Tokenizer.version string ("ipadic-1.0.0-sys..." -> "ipadic")."""
    for name in DICTIONARIES:
        if tokenizer_version.startswith(name + "-"):
            return name
    raise ValueError(f"no known dictionary made tokenizer version {tokenizer_version!r}")


class Tokenizer:
    """Space-separated tokens of a normalised text (MeCab's wakati output)."""

    def __init__(self, dictionary: str = "ipadic"):
        import fugashi

        if dictionary == "ipadic":
            import ipadic

            args = ipadic.MECAB_ARGS
        elif dictionary == "unidic-lite":
            import unidic_lite

            dicdir = unidic_lite.DICDIR
            args = f'-r "{os.path.join(dicdir, "mecabrc")}" -d "{dicdir}"'
        else:
            raise ValueError(f"unknown dictionary {dictionary!r}; choose one of {', '.join(DICTIONARIES)}")
        self.dictionary = dictionary
        self._tagger = fugashi.GenericTagger(args + " -Owakati")
        self._parse = self._tagger.parse
        info = self._tagger.dictionary_info[0]
        # Package version plus the compiled dictionary's size and format version:
        # golden token tests and embedding versions are pinned to this string.
        self.version = f"{dictionary}-{metadata.version(dictionary)}-sys{info['size']}-v{info['version']}"

    def tokenize(self, text: str) -> str:
        return self._parse(text).strip()

    def tokenize_many(self, texts: list[str]) -> list[str]:
        parse = self._parse
        return [parse(t).strip() for t in texts]
