package testanalysis;

import java.util.List;

import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.core.KeywordTokenizer;
import org.apache.lucene.analysis.core.WhitespaceTokenizer;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenizer;
import org.apache.lucene.analysis.ngram.NGramTokenizer;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenizerFactory;

/** Prototype tokenizers (stable plugin API) standing in for analysis-common. */
public final class Tokenizers {
    private Tokenizers() {}

    /** token_chars as in Elasticsearch: letter, digit, whitespace, punctuation, symbol. */
    static boolean isTokenChar(List<String> classes, int c) {
        if (classes.isEmpty()) return true;
        int type = Character.getType(c);
        for (String k : classes) {
            switch (k) {
                case "letter": if (Character.isLetter(c)) return true; break;
                case "digit": if (Character.isDigit(c)) return true; break;
                case "whitespace": if (Character.isWhitespace(c)) return true; break;
                case "punctuation":
                    if (type == Character.START_PUNCTUATION || type == Character.END_PUNCTUATION || type == Character.OTHER_PUNCTUATION
                        || type == Character.CONNECTOR_PUNCTUATION || type == Character.DASH_PUNCTUATION
                        || type == Character.INITIAL_QUOTE_PUNCTUATION || type == Character.FINAL_QUOTE_PUNCTUATION) return true;
                    break;
                case "symbol":
                    if (type == Character.MATH_SYMBOL || type == Character.CURRENCY_SYMBOL || type == Character.MODIFIER_SYMBOL
                        || type == Character.OTHER_SYMBOL) return true;
                    break;
                default: break;
            }
        }
        return false;
    }

    @NamedComponent("edge_ngram")
    public static class EdgeNGram implements TokenizerFactory {
        private final Filters.NGramSettings s;
        @Inject
        public EdgeNGram(Filters.NGramSettings s) { this.s = s; }
        public Tokenizer create() {
            List<String> chars = s.tokenChars();
            return new EdgeNGramTokenizer(s.minGram(), s.maxGram()) {
                protected boolean isTokenChar(int c) { return Tokenizers.isTokenChar(chars, c); }
            };
        }
    }

    @NamedComponent("ngram")
    public static class NGram implements TokenizerFactory {
        private final Filters.NGramSettings s;
        @Inject
        public NGram(Filters.NGramSettings s) { this.s = s; }
        public Tokenizer create() {
            List<String> chars = s.tokenChars();
            return new NGramTokenizer(s.minGram(), s.maxGram()) {
                protected boolean isTokenChar(int c) { return Tokenizers.isTokenChar(chars, c); }
            };
        }
    }

    @NamedComponent("whitespace")
    public static class Whitespace implements TokenizerFactory {
        public Tokenizer create() { return new WhitespaceTokenizer(); }
    }

    @NamedComponent("keyword")
    public static class Keyword implements TokenizerFactory {
        public Tokenizer create() { return new KeywordTokenizer(); }
    }
}
