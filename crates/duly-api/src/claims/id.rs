//! Indonesia: gugatan sederhana (PERMA No. 2 Tahun 2015 as amended by PERMA No. 4 Tahun 2019),
//! the simple claim heard by a single judge of the Pengadilan Negeri, on the court's blanko
//! gugatan (identities, a short account of the case, the demands), in Indonesian.

use super::Page;
use super::facts::ClaimFacts;
use super::text::{self, entry, field, or_blank, page, section};
use crate::Language;

const ID: Language = Language::Id;
/// Rp 500.000.000 in sen (ISO 4217 gives the rupiah two decimals): PERMA 4/2019, Pasal 3 ayat (1).
const LIMIT_SEN: i64 = 500_000_000 * 100;

fn party(f: &ClaimFacts, claimant: bool) -> Vec<String> {
    let (name, address, tax_id, email, phone) = if claimant {
        let b = &f.business;
        (b.name.clone(), b.address.clone(), b.tax_id.clone(), b.email.clone(), b.phone.clone())
    } else {
        let c = &f.client;
        let (email, phone) = f.client_contact();
        (c.name.clone(), c.address.clone(), c.tax_id.clone(), email, phone)
    };
    vec![
        field("Nama / nama badan usaha", &name, ID),
        field("Alamat / domisili", &address, ID),
        field("NIK / NPWP", &tax_id, ID),
        field("Pekerjaan / bentuk badan usaha", "", ID),
        field("Telepon", &phone, ID),
        field("Email", &email, ID),
    ]
}

pub(super) fn pages(f: &ClaimFacts) -> (Vec<Page>, Vec<String>) {
    let mut warnings = Vec::new();
    match text::within(&f.principal(), "IDR", LIMIT_SEN) {
        Some(true) => {}
        Some(false) => warnings.push(
            "Nilai gugatan materiil melebihi Rp500.000.000: gugatan sederhana tidak dapat digunakan; gunakan \
             gugatan perdata biasa."
                .to_owned(),
        ),
        None => warnings.push(
            "Tagihan tidak dalam rupiah. Batasnya Rp500.000.000; Duly tidak mengonversi mata uang: periksa \
             nilainya dengan kurs pada hari pendaftaran."
                .to_owned(),
        ),
    }
    if f.client.address.trim().is_empty() {
        warnings.push(
            "Alamat tergugat tidak tercatat: gugatan sederhana tidak dapat diajukan terhadap tergugat yang tidak \
             diketahui tempat tinggalnya."
                .to_owned(),
        );
    }
    if f.defendant_country.as_deref().is_some_and(|c| c != "ID") {
        warnings.push(format!(
            "Tergugat tidak berdomisili di Indonesia menurut catatan ({}): periksa kewenangan pengadilan.",
            f.defendant_country.as_deref().unwrap_or("")
        ));
    }
    for i in &f.invoices {
        if i.demand_sent.is_none() {
            warnings.push(format!(
                "{}: tidak ada somasi dalam catatan Duly; kirim somasi terlebih dahulu (KUHPerdata Pasal 1238).",
                i.detail.number
            ));
        }
    }
    (vec![blanko(f), how_to(f, &warnings)], warnings)
}

fn blanko(f: &ClaimFacts) -> Page {
    let mut posita = vec![format!(
        "Penggugat, {}, telah menyerahkan barang atau jasa kepada Tergugat, {}{}, sebagaimana tercantum dalam \
         faktur berikut, yang belum dibayar lunas setelah jatuh tempo:",
        or_blank(&f.business.name, ID),
        or_blank(&f.client.name, ID),
        match &f.agreement {
            Some(a) =>
                format!(", berdasarkan perjanjian yang ditandatangani pada {}", a.signed_on.as_deref().unwrap_or("")),
            None => String::new(),
        }
    )];
    posita.extend(text::invoice_lines(f, ID, ["tanggal", "jatuh tempo", "total", "sisa"]));
    if let Some(a) = &f.agreement
        && !a.terms.trim().is_empty()
    {
        posita.push(format!("Syarat pembayaran yang disepakati: {}", a.terms.trim()));
    }
    for i in &f.invoices {
        if !i.written.is_empty() {
            let days: Vec<String> = i.written.iter().map(ToString::to_string).collect();
            posita.push(format!(
                "{}: Tergugat telah diingatkan melalui email pada {}",
                i.detail.number,
                days.join(", ")
            ));
        }
        if let Some(d) = i.demand_sent {
            posita.push(format!("{}: somasi dikirim pada {d}", i.detail.number));
        }
    }
    let mut petitum = vec![
        "1. Mengabulkan gugatan Penggugat.".to_owned(),
        "2. Menyatakan Tergugat telah wanprestasi (ingkar janji).".to_owned(),
        format!(
            "3. Menghukum Tergugat membayar kepada Penggugat pokok tagihan sebesar {}.",
            text::totals(&f.principal(), ID)
        ),
    ];
    if !f.interest().is_empty() {
        petitum.push(format!(
            "4. Menghukum Tergugat membayar bunga sebesar {} sampai dengan {}, dan bunga selanjutnya sampai lunas.",
            text::totals(&f.interest(), ID),
            f.today
        ));
    }
    petitum.push(format!("{}. Membebankan biaya perkara kepada Tergugat.", petitum.len() + 1));
    let doc = page(
        f,
        ID,
        "Gugatan sederhana · lembar kerja",
        vec![
            "Lembar kerja yang diisi Duly dari catatan Anda, mengikuti isi blanko gugatan (PERMA 2/2015 jo. PERMA \
             4/2019, Pasal 6). Bukan blanko resmi: salin ke blanko dari pengadilan atau e-Court."
                .to_owned(),
        ],
        vec![
            section("Kepada Yth.", vec![entry("Ketua Pengadilan Negeri", vec![field("Pengadilan Negeri", "", ID)])]),
            section("1. Identitas Penggugat", vec![entry("Penggugat", party(f, true))]),
            section("2. Identitas Tergugat", vec![entry("Tergugat", party(f, false))]),
            section("3. Uraian singkat perkara (posita)", vec![entry("Duduk perkara", posita)]),
            section("4. Tuntutan (petitum)", vec![entry("Penggugat mohon agar hakim", petitum)]),
            section(
                "5. Bukti surat",
                vec![entry(
                    "Dilampirkan (folder evidence/ dalam paket ini; dilegalisasi sebelum didaftarkan)",
                    text::attachments(f),
                )],
            ),
            section(
                "6. Tanggal dan tanda tangan",
                vec![entry("Penggugat", vec![field("Tempat dan tanggal", "", ID), field("Tanda tangan", "", ID)])],
            ),
        ],
    );
    Page { file: "lembar-kerja-gugatan".to_owned(), doc }
}

fn how_to(f: &ClaimFacts, warnings: &[String]) -> Page {
    let check = if warnings.is_empty() {
        vec!["Tidak ada yang terlihat dari catatan Duly.".to_owned()]
    } else {
        warnings.to_vec()
    };
    let doc = page(
        f,
        ID,
        "Gugatan sederhana · cara mendaftar",
        vec![format!("Untuk {} · per {}", f.client.name.trim(), f.today)],
        vec![
            section(
                "Kapan dapat digunakan",
                vec![entry(
                    "PERMA 2/2015 jo. PERMA 4/2019, Pasal 3–4",
                    vec![
                        "Gugatan wanprestasi atau perbuatan melawan hukum dengan nilai materiil paling banyak \
                         Rp500.000.000."
                            .to_owned(),
                        "Penggugat dan tergugat masing-masing satu (kecuali kepentingan hukumnya sama), alamat \
                         tergugat diketahui, dan keduanya berdomisili di wilayah hukum pengadilan yang sama; \
                         penggugat di luar wilayah itu dapat menunjuk kuasa yang beralamat di wilayah tergugat."
                            .to_owned(),
                    ],
                )],
            ),
            section(
                "Langkah",
                vec![
                    entry(
                        "1. Blanko gugatan",
                        vec![
                            "Ambil blanko gugatan di kepaniteraan Pengadilan Negeri tempat tergugat berdomisili, \
                             atau daftar melalui e-Court. Salin isi lembar-kerja-gugatan.pdf dan isi setiap \
                             \"[kosong: diisi sendiri]\"."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "2. Bukti",
                        vec![
                            "Lampirkan bukti surat yang sudah dilegalisasi (bermeterai) saat mendaftar: faktur, \
                             perjanjian, somasi dan bukti pengirimannya."
                                .to_owned(),
                        ],
                    ),
                    entry(
                        "3. Sidang",
                        vec![
                            "Diperiksa hakim tunggal; penggugat wajib hadir di setiap sidang. Perkara diselesaikan \
                             paling lama 25 hari sejak sidang pertama."
                                .to_owned(),
                        ],
                    ),
                ],
            ),
            section("Periksa sebelum mendaftar", vec![entry("Dari catatan", check)]),
            section(
                "Tanyakan ke pengadilan",
                vec![entry(
                    "Yang tidak diketahui Duly",
                    vec![
                        "Panjar biaya perkara dan pengadilan yang berwenang.".to_owned(),
                        "Duly menyiapkan angka dari catatan Anda; ini bukan nasihat hukum.".to_owned(),
                    ],
                )],
            ),
        ],
    );
    Page { file: "cara-mendaftar".to_owned(), doc }
}
