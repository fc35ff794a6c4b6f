fn main() {
    println!("warta");
}
