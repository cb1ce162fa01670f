//! Our search against tantivy on the same benchmark: the caller messages of
//! `benches/search.rs`, typed one character at a time, over the shipped library and the
//! generated 100,000-node library. Tantivy indexes each node of every model tree as two
//! fields, its title and keywords (boosted 3x) and the rest of its text, and answers the
//! message so far as one query (every word optional, BM25), keeping the best 30. It has no
//! negated readings, synonym concepts, typos or lock names: this measures speed and memory,
//! not ranking.

use std::hint::black_box;
use std::time::{Duration, Instant};

use lockdiag::catalog::{Catalog, load_library};
use lockdiag::search::SearchIndex;
use lockdiag::tree::{NodeBody, TreeKind};

#[path = "../../common/search_corpus.rs"]
#[allow(dead_code)]
mod corpus;
use corpus::{PHRASES, cpu_time, generated, memory, report, spread};

use tantivy::collector::TopDocs;
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TEXT};
use tantivy::{Index, TantivyDocument, doc};

/// The node texts of every model tree: (title and keywords, the rest).
fn node_texts(catalog: &Catalog) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for t in catalog
        .trees
        .iter()
        .filter(|t| matches!(t.kind, TreeKind::Model(_)))
    {
        for n in &t.nodes {
            let mut head = n.title.clone();
            for k in &n.keywords {
                head.push(' ');
                head.push_str(k);
            }
            let mut rest: Vec<String> = n.help.iter().cloned().collect();
            match &n.body {
                NodeBody::Question { choices } => {
                    rest.extend(choices.iter().map(|c| c.label.clone()))
                }
                NodeBody::Remedy { steps, .. } => rest.extend(steps.iter().cloned()),
                NodeBody::Locksmith { why, .. } | NodeBody::Manufacturer { why, .. } => {
                    rest.push(why.clone())
                }
                _ => {}
            }
            out.push((head, rest.join(" ")));
        }
    }
    out
}

/// Tantivy over the same nodes: per keystroke, the message so far as an OR query over a
/// title/keywords field (boosted 3x) and the rest, the best 30.
fn tantivy_run(name: &str, catalog: &Catalog, rounds: usize) {
    let mut schema = Schema::builder();
    let head = schema.add_text_field("head", TEXT);
    let rest = schema.add_text_field("rest", TEXT);
    let schema = schema.build();
    let (rss0, _) = memory();
    let t = Instant::now();
    let index = Index::create_in_ram(schema);
    let mut w = index.writer(200_000_000).expect("writer");
    let texts = node_texts(catalog);
    for (h, r) in &texts {
        w.add_document(doc!(head => h.as_str(), rest => r.as_str()))
            .expect("add");
    }
    w.commit().expect("commit");
    drop(w);
    let reader = index.reader().expect("reader");
    let searcher = reader.searcher();
    let (rss1, _) = memory();
    println!(
        "tantivy {name}: {} documents indexed in {:.0} ms; RSS +{:.0} MB",
        texts.len(),
        t.elapsed().as_secs_f64() * 1e3,
        rss1 - rss0
    );
    let mut parser = QueryParser::for_index(&index, vec![head, rest]);
    parser.set_field_boost(head, 3.0);
    let mut times: Vec<(Duration, Option<Duration>)> = Vec::new();
    let mut hits = 0usize;
    for _ in 0..rounds {
        for phrase in PHRASES {
            for (end, _) in phrase.char_indices().skip(1).chain([(phrase.len(), ' ')]) {
                let prefix = &phrase[..end];
                let c = cpu_time();
                let t = Instant::now();
                let (q, _) = parser.parse_query_lenient(prefix);
                let top = searcher
                    .search(&q, &TopDocs::with_limit(30))
                    .expect("search");
                for (_, a) in &top {
                    let d: TantivyDocument = searcher.doc(*a).expect("doc");
                    black_box(d);
                }
                hits += top.len();
                let wall = t.elapsed();
                let cpu = cpu_time().zip(c).map(|(b, a)| b.saturating_sub(a));
                times.push((wall, cpu));
            }
        }
    }
    let mut wall: Vec<Duration> = times.iter().map(|t| t.0).collect();
    let mut cpu: Vec<Duration> = times.iter().filter_map(|t| t.1).collect();
    println!(
        "tantivy {name}: {} keystrokes ({hits} hits), {}",
        wall.len(),
        spread(&mut wall)
    );
    println!("tantivy {name}, CPU time: {}", spread(&mut cpu));
}

fn main() {
    let shipped = load_library(true, &[])
        .catalog
        .expect("shipped library loads");
    let shipped_index = SearchIndex::new(&shipped);
    report("ours shipped, per keystroke", &shipped, &shipped_index, 20);
    tantivy_run("shipped", &shipped, 20);
    let dir = tempfile::tempdir().expect("temp dir");
    let big = generated(&shipped, dir.path());
    let big_index = SearchIndex::new(&big);
    report("ours 100k, per keystroke", &big, &big_index, 3);
    drop(big_index);
    tantivy_run("100k", &big, 3);
}
