//! Renders the sample documents and writes PNGs of their pages (80 dpi, poppler's `pdftoppm`)
//! into the given folder, the PDFs themselves into a temporary folder:
//! `cargo run -p duly-pdf --example samples -- docs/pdf`.

use std::path::{Path, PathBuf};
use std::process::Command;

use duly_core::Language;
use duly_pdf::{render_demand_letter, render_invoice, render_statement, samples};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "docs/pdf".into()));
    std::fs::create_dir_all(&out)?;
    let pdf_dir = std::env::temp_dir().join("duly-pdf-samples");
    std::fs::create_dir_all(&pdf_dir)?;
    let logo = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("../../assets/icons/icon-128.png")).ok();
    for language in Language::ALL {
        let code = language.code();
        let mut invoice = samples::invoice(language);
        if language == Language::En {
            invoice.logo = logo.clone();
        }
        let docs = [
            (format!("invoice-{code}"), render_invoice(&invoice)?),
            (format!("statement-{code}"), render_statement(&samples::statement(language))?),
            (format!("demand-letter-{code}"), render_demand_letter(&samples::demand_letter(language))?),
        ];
        for (name, bytes) in docs {
            let pdf = pdf_dir.join(format!("{name}.pdf"));
            std::fs::write(&pdf, bytes)?;
            let png_prefix = out.join(&name);
            let rendered = Command::new("pdftoppm").args(["-png", "-r", "80"]).arg(&pdf).arg(&png_prefix).status();
            match rendered {
                Ok(status) if status.success() => println!("{} -> {}-N.png", pdf.display(), png_prefix.display()),
                _ => println!("{} (pdftoppm not available: no PNG)", pdf.display()),
            }
        }
    }
    Ok(())
}
