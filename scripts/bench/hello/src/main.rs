//! A Tauri 2 hello world: Duly's benchmark compares its start, memory and size with this.
fn main() {
    tauri::Builder::default().run(tauri::generate_context!()).expect("hello world runs");
}
