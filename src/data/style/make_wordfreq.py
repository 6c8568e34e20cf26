"""Writes src/data/style/wordfreq-en.tsv: English words of Zipf frequency >= 3.0 from the
wordfreq package's `best` list (wordfreq 3.1.1, CC BY-SA 4.0), lowercase ASCII letters with
optional inner apostrophe, one `word<TAB>zipf` per line, most frequent first."""
import re, sys, wordfreq
out = []
for w in wordfreq.iter_wordlist('en', 'best'):
    z = wordfreq.zipf_frequency(w, 'en', 'best')
    if z < 3.0:
        break
    if re.fullmatch(r"[a-z]+('[a-z]+)?", w):
        out.append(f"{w}\t{z:.2f}")
sys.stdout.write("\n".join(out) + "\n")
