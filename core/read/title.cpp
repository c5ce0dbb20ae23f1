#include "read/title.hpp"

#include <array>
#include <vector>

#include "common/text.hpp"

namespace papergraph {
namespace {

bool isLowerAscii(char c) { return c >= 'a' && c <= 'z'; }
bool isUpperAscii(char c) { return c >= 'A' && c <= 'Z'; }

std::string lowerAscii(std::string_view w) {
  std::string out(w);
  for (char& c : out)
    if (isUpperAscii(c)) c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Words that stay lower case inside a title-case title.
bool isTitleFunctionWord(std::string_view w) {
  static constexpr std::array<std::string_view, 26> kWords = {
      "a",   "an",   "and",  "as",      "at",     "by",      "for",     "from",  "in",
      "into", "of",  "on",   "or",      "over",   "the",     "through", "to",    "toward",
      "towards", "under", "using", "via", "vs", "vs.", "with", "without"};
  for (std::string_view k : kWords)
    if (w == k) return true;
  return false;
}

// Whether a sentence can begin with w: a capitalised word ("The",
// "Recently,", "MultiGrain"), a number-led word ("3D") or a parenthesised
// acronym ("(CNNs)", checked by the caller); not an acronym ("GPS data",
// "AMR-to-text generation") or a title-case compound
// ("Factorization-Machine based"), which titles in sentence case hold.
bool canStartSentence(std::string_view w) {
  if (w.empty()) return false;
  if ((w.front() >= '0' && w.front() <= '9') || w.front() == '(') return true;
  if (!isUpperAscii(w.front()) || (w.size() > 1 && isUpperAscii(w[1]))) return false;
  for (size_t i = 1; i + 1 < w.size(); ++i)
    if (w[i] == '-' && isUpperAscii(w[i + 1])) return false;
  return true;
}

// True when a capitalised word follows words[c] within three words: the
// lower-case run holding it is inside the title ("CNN with fully connected
// CRF for ...").
bool titleResumes(const std::vector<std::string_view>& words, size_t c) {
  for (size_t k = c + 1; k < words.size() && k <= c + 3; ++k)
    if (isUpperAscii(words[k].front())) return true;
  return false;
}

// "(CNNs)" -> "CNN", "(SGAN)," -> "SGAN"; "" when w is not a parenthesised
// acronym.
std::string acronymLetters(std::string_view w) {
  while (!w.empty() && (w.back() == ',' || w.back() == '.' || w.back() == ';')) w.remove_suffix(1);
  if (w.size() < 4 || w.front() != '(' || w.back() != ')') return "";
  w = w.substr(1, w.size() - 2);
  if (!w.empty() && w.back() == 's') w.remove_suffix(1);
  std::string letters;
  for (char c : w) {
    if (isUpperAscii(c)) letters += c;
    else if (c != '-') return "";
  }
  return letters.size() >= 2 ? letters : "";
}

// How many words before `acronym` it abbreviates: the capitalised words
// whose initials spell its letters, last letter last; 0 when they do not.
size_t abbreviatedWords(const std::vector<std::string_view>& words, size_t acronym) {
  std::string letters = acronymLetters(words[acronym]);
  if (letters.empty() || letters.size() > acronym) return 0;
  for (size_t k = 0; k < letters.size(); ++k) {
    std::string_view w = words[acronym - letters.size() + k];
    if (w.empty() || w.front() != letters[k]) return 0;
  }
  return letters.size();
}

// The first n words joined by single spaces, with trailing punctuation that
// ends a phrase dropped.
std::string joinWords(const std::vector<std::string_view>& words, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) {
    if (i) out += ' ';
    out.append(words[i]);
  }
  while (!out.empty() && (out.back() == ',' || out.back() == ';' || out.back() == ':' || out.back() == '.'))
    out.pop_back();
  return out;
}

// The longest prefix of s, ending at a word boundary, of at most `limit`
// bytes, followed by "…".
std::string cutAtWord(std::string_view s, size_t limit) {
  size_t cut = s.rfind(' ', limit);
  if (cut == std::string_view::npos || cut == 0) cut = limit;
  // Never split a UTF-8 sequence.
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(trimAsciiSpace(s.substr(0, cut))) + "\xE2\x80\xA6";
}

}  // namespace

std::string titleFromLine(std::string_view line) {
  line = trimAsciiSpace(line);
  // A field label a converter wrote before the title ("document: V-Net: ...").
  for (std::string_view label : {"document:", "paper:", "title:"}) {
    if (line.size() > label.size() && line.substr(0, label.size()) == label && isAsciiSpace(line[label.size()])) {
      line = trimAsciiSpace(line.substr(label.size()));
      break;
    }
  }
  if (line.size() <= kLongTitleLine) return std::string(line);

  std::vector<std::string_view> words;
  for (size_t i = 0; i < line.size();) {
    while (i < line.size() && isAsciiSpace(line[i])) ++i;
    size_t start = i;
    while (i < line.size() && !isAsciiSpace(line[i])) ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  // A lower-case content word right after a capitalised word ("The game",
  // "We propose") is prose, and so is one inside a lower-case run that no
  // capitalised word follows within three words ("Even with the advent"):
  // its sentence begins at the capitalised word before that run.
  for (size_t c = 1; c < words.size(); ++c) {
    if (!isLowerAscii(words[c].front()) || isTitleFunctionWord(words[c])) continue;
    if (isLowerAscii(words[c - 1].front()) && titleResumes(words, c)) continue;
    size_t run = c;
    while (run > 0 && isLowerAscii(words[run - 1].front())) --run;
    if (run == 0 || !canStartSentence(words[run - 1])) continue;
    size_t end = run - 1 - abbreviatedWords(words, run - 1);
    // A sentence's capitalised article or preposition ("... sequences. The
    // ByteNet is ...") belongs to it.
    if (end >= 2 && isUpperAscii(words[end - 1].front()) && isTitleFunctionWord(lowerAscii(words[end - 1])) &&
        words[end - 2].back() == '.')
      --end;
    // Too short a title: the line is in sentence case ("MultiGrain: a
    // unified image embedding ... instances MultiGrain is ..."), and a
    // later sentence start may still show where the title ends.
    if (end < 2) continue;
    std::string title = joinWords(words, end);
    return title.size() <= 2 * kLongTitleLine ? title : cutAtWord(line, kLongTitleLine);
  }
  return cutAtWord(line, kLongTitleLine);
}

}  // namespace papergraph
