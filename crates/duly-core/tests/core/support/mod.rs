pub mod statement_gen;
