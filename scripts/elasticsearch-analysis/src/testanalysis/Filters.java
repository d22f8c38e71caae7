package testanalysis;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.EnglishMinimalStemFilter;
import org.apache.lucene.analysis.en.EnglishPossessiveFilter;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.fr.FrenchAnalyzer;
import org.apache.lucene.analysis.fr.FrenchLightStemFilter;
import org.apache.lucene.analysis.fr.FrenchMinimalStemFilter;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.ngram.NGramTokenFilter;
import org.apache.lucene.analysis.snowball.SnowballFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.synonym.SolrSynonymParser;
import org.apache.lucene.analysis.synonym.SynonymGraphFilter;
import org.apache.lucene.analysis.synonym.SynonymMap;
import org.apache.lucene.analysis.util.ElisionFilter;
import org.elasticsearch.plugin.Inject;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.TokenFilterFactory;
import org.elasticsearch.plugin.settings.AnalysisSettings;
import org.elasticsearch.plugin.settings.BooleanSetting;
import org.elasticsearch.plugin.settings.IntSetting;
import org.elasticsearch.plugin.settings.ListSetting;
import org.elasticsearch.plugin.settings.StringSetting;

/** Prototype token filters (stable plugin API) standing in for analysis-common. */
public final class Filters {
    private Filters() {}

    @AnalysisSettings
    public interface FoldingSettings {
        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
    }

    @NamedComponent("asciifolding")
    public static class AsciiFolding implements TokenFilterFactory {
        private final boolean preserve;
        @Inject
        public AsciiFolding(FoldingSettings s) { preserve = s.preserveOriginal(); }
        public TokenStream create(TokenStream in) { return new ASCIIFoldingFilter(in, preserve); }
        public TokenStream normalize(TokenStream in) { return new ASCIIFoldingFilter(in, false); }
    }

    @AnalysisSettings
    public interface ElisionSettings {
        @ListSetting(path = "articles")
        List<String> articles();
        @BooleanSetting(path = "articles_case", defaultValue = false)
        boolean articlesCase();
    }

    @NamedComponent("elision")
    public static class Elision implements TokenFilterFactory {
        private final CharArraySet articles;
        @Inject
        public Elision(ElisionSettings s) {
            articles = s.articles().isEmpty() ? FrenchAnalyzer.DEFAULT_ARTICLES : new CharArraySet(s.articles(), s.articlesCase());
        }
        public TokenStream create(TokenStream in) { return new ElisionFilter(in, articles); }
        public TokenStream normalize(TokenStream in) { return create(in); }
    }

    @AnalysisSettings
    public interface StemmerSettings {
        @StringSetting(path = "language", defaultValue = "english")
        String language();
    }

    static TokenStream stem(String language, TokenStream in) {
        switch (language) {
            case "light_french": return new FrenchLightStemFilter(in);
            case "minimal_french": return new FrenchMinimalStemFilter(in);
            case "french": return new SnowballFilter(in, "French");
            case "english": case "porter": return new PorterStemFilter(in);
            case "light_english": case "minimal_english": return new EnglishMinimalStemFilter(in);
            case "possessive_english": return new EnglishPossessiveFilter(in);
            default:
                // any Snowball language, e.g. "german" -> "German"
                return new SnowballFilter(in, Character.toUpperCase(language.charAt(0)) + language.substring(1));
        }
    }

    @NamedComponent("stemmer")
    public static class Stemmer implements TokenFilterFactory {
        private final String language;
        @Inject
        public Stemmer(StemmerSettings s) { language = s.language(); stem(language, new StandardTokenizer()); }
        public TokenStream create(TokenStream in) { return stem(language, in); }
    }

    @NamedComponent("snowball")
    public static class Snowball implements TokenFilterFactory {
        private final String language;
        @Inject
        public Snowball(StemmerSettings s) { language = s.language(); }
        public TokenStream create(TokenStream in) {
            return new SnowballFilter(in, Character.toUpperCase(language.charAt(0)) + language.substring(1));
        }
    }

    @AnalysisSettings
    public interface SynonymSettings {
        @ListSetting(path = "synonyms")
        List<String> synonyms();
        @BooleanSetting(path = "expand", defaultValue = true)
        boolean expand();
    }

    /** Synonym rules (Solr format) parsed with standard tokenizer + lowercase + asciifolding. */
    static SynonymMap parseSynonyms(SynonymSettings s) {
        Analyzer parser = new Analyzer() {
            protected TokenStreamComponents createComponents(String field) {
                Tokenizer t = new StandardTokenizer();
                return new TokenStreamComponents(t, new ASCIIFoldingFilter(new LowerCaseFilter(t)));
            }
        };
        try {
            SolrSynonymParser p = new SolrSynonymParser(true, s.expand(), parser);
            p.parse(new java.io.StringReader(String.join("\n", s.synonyms())));
            return p.build();
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalArgumentException("failed to build synonyms: " + e.getMessage(), e);
        }
    }

    @NamedComponent("synonym")
    public static class Synonym implements TokenFilterFactory {
        private final SynonymMap map;
        @Inject
        public Synonym(SynonymSettings s) { map = parseSynonyms(s); }
        public TokenStream create(TokenStream in) { return map.fst == null ? in : new SynonymGraphFilter(in, map, false); }
    }

    @NamedComponent("synonym_graph")
    public static class SynonymGraph extends Synonym {
        @Inject
        public SynonymGraph(SynonymSettings s) { super(s); }
    }

    @AnalysisSettings
    public interface NGramSettings {
        @IntSetting(path = "min_gram", defaultValue = 1)
        int minGram();
        @IntSetting(path = "max_gram", defaultValue = 2)
        int maxGram();
        @BooleanSetting(path = "preserve_original", defaultValue = false)
        boolean preserveOriginal();
        @ListSetting(path = "token_chars")
        List<String> tokenChars();
    }

    @NamedComponent("edge_ngram")
    public static class EdgeNGram implements TokenFilterFactory {
        private final NGramSettings s;
        @Inject
        public EdgeNGram(NGramSettings s) { this.s = s; }
        public TokenStream create(TokenStream in) { return new EdgeNGramTokenFilter(in, s.minGram(), s.maxGram(), s.preserveOriginal()); }
    }

    @NamedComponent("ngram")
    public static class NGram implements TokenFilterFactory {
        private final NGramSettings s;
        @Inject
        public NGram(NGramSettings s) { this.s = s; }
        public TokenStream create(TokenStream in) { return new NGramTokenFilter(in, s.minGram(), s.maxGram(), s.preserveOriginal()); }
    }
}
