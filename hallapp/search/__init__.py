"""Search over the catalogue: pinyin keys, the in-memory index and the plain SQL fallback. No Qt."""
