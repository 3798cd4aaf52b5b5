//! Prints the page text the PDF heuristics read, laid out in lines and columns, to see why a
//! value was missed: `cargo run -p duly-import --example pdftext -- invoice.pdf`.

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{path}: {e}");
                continue;
            }
        };
        println!("======== {path}");
        match duly_import::pdf_page_texts(&bytes) {
            Ok(pages) => {
                for (i, p) in pages.iter().enumerate() {
                    println!("--- page {} ---\n{p}", i + 1);
                }
            }
            Err(e) => eprintln!("{path}: {e}"),
        }
        let r = duly_import::import_file(&path, &bytes, &duly_import::ImportOptions::default());
        println!("--- result ---\n{}", serde_json::to_string_pretty(&r).unwrap_or_default());
    }
}
