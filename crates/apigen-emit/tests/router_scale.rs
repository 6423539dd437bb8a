//! A spec with as many operations as the default limits accept (10,000) generates and formats
//! without overflowing a stack: the router is a table of statements split over helper
//! functions, not one method chain. Larger specs are refused at load time (`max_operations`).

use std::fmt::Write;
use std::path::Path;

const OPERATIONS: usize = 10_000;

fn huge_spec() -> String {
    let mut paths = String::new();
    for index in 0..OPERATIONS {
        if index > 0 {
            paths.push(',');
        }
        write!(
            paths,
            r#""/r{index}/{{id}}.json":{{"get":{{"operationId":"op{index}","parameters":[{{"name":"id","in":"path","required":true,"schema":{{"type":"string"}}}}],"responses":{{"204":{{"description":"none"}}}}}}}}"#
        )
        .unwrap();
    }
    format!(r#"{{"openapi":"3.0.3","info":{{"title":"Huge","version":"1"}},"paths":{{{paths}}}}}"#)
}

#[test]
fn the_most_operations_the_limits_allow_generate_and_format() {
    assert_eq!(OPERATIONS, apigen_model::Limits::default().max_operations);
    let loaded = apigen_model::load_str(Path::new("huge.json"), &huge_spec())
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(loaded.api.endpoints.len(), OPERATIONS);
    let options = apigen_emit::Options {
        crate_name: "huge".to_owned(),
        spec_label: "huge.json".to_owned(),
        runtime: apigen_emit::RuntimeDependency::Path("../apigen-runtime".to_owned()),
        standalone: false,
    };
    let files = apigen_emit::generate_crate(&loaded.api, &loaded.warnings, &options)
        .unwrap_or_else(|error| panic!("{error}"));
    let server = files
        .iter()
        .find(|file| file.path == Path::new("src/server.rs"))
        .expect("a server module");
    let source = &server.contents;
    let helpers = OPERATIONS.div_ceil(256);
    assert!(source.contains(&format!("    add_routes_{helpers}(&mut table);\n")));
    assert!(!source.contains(&format!("add_routes_{}(", helpers + 1)));
    assert!(source.contains(r#"table.get("/r0/{}.json", handle_op0::<A, Au>);"#));
    assert!(source.contains(r#"table.get("/r9999/{}.json", handle_op9999::<A, Au>);"#));
    assert!(!source.contains(".route("), "no method chain");
}
