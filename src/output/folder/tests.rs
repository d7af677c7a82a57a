use super::*;

const LISTING: &str = r#"{"pingyi": "0.1.0", "outputs": [{"path": "a.txt", "sha256": "0"}, {"path": "sub/b.txt", "sha256": "1"}]}"#;

fn files(text: &str) -> Vec<PackageFile> {
    vec![
        PackageFile::new("a.txt", text.as_bytes().to_vec()),
        PackageFile::new("sub/b.txt", b"b".to_vec()),
        PackageFile::new(MANIFEST, LISTING.as_bytes().to_vec()),
    ]
}

#[test]
fn force_replaces_only_empty_folders_and_pingyi_packages() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("Documents");
    std::fs::create_dir(&dir).unwrap();
    write(&dir, &files("one"), true).unwrap();
    assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap();
    let err = write(&dir, &files("two"), true).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert!(
        err.to_string().contains(
            "is not a pingyi package: it holds notes.txt, which its manifest.json does not list"
        ),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("notes.txt")).unwrap(),
        "mine"
    );
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 1);
}

#[test]
fn a_package_appears_whole_and_replaces_only_with_force() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("out");
    write(&dir, &files("one"), false).unwrap();
    assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
    assert_eq!(std::fs::read_to_string(dir.join("sub/b.txt")).unwrap(), "b");
    let err = write(&dir, &files("two"), false).unwrap_err();
    assert_eq!(err.exit_code(), 2);
    assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "one");
    let done = write(&dir, &files("two"), true).unwrap();
    assert_eq!(done.leftover, None);
    assert_eq!(std::fs::read_to_string(dir.join("a.txt")).unwrap(), "two");
    // Nothing else beside the package: no temporary or old folders.
    let names: Vec<_> = std::fs::read_dir(root.path()).unwrap().collect();
    assert_eq!(names.len(), 1);
}

#[test]
fn a_failed_write_leaves_nothing() {
    let root = tempfile::tempdir().unwrap();
    let dir = root.path().join("out");
    // A file inside a path that is a file cannot be written.
    let bad = vec![
        PackageFile::new("x", b"x".to_vec()),
        PackageFile::new("x/y", b"y".to_vec()),
    ];
    assert!(write(&dir, &bad, false).is_err());
    assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
}

#[test]
fn destinations_need_a_name() {
    assert!(destination(Path::new("/")).is_err());
    assert!(destination(Path::new("..")).is_err());
    let (parent, dir) = destination(Path::new("out/")).unwrap();
    assert_eq!((parent, dir), (PathBuf::from("."), PathBuf::from("./out")));
}
