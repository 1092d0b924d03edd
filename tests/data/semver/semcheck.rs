use std::io::BufRead;
fn main() {
    // Each line: REQ\tVERSION -> prints 1/0, or E when the requirement does not parse.
    for line in std::io::stdin().lock().lines() {
        let line = line.unwrap();
        let (req, ver) = line.split_once('\t').unwrap();
        let v = semver::Version::parse(ver).unwrap();
        match semver::VersionReq::parse(req) {
            Ok(r) => println!("{}", if r.matches(&v) { 1 } else { 0 }),
            Err(_) => println!("E"),
        }
    }
}
