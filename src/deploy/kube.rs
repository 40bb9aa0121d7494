//! Kubernetes manifests: the pods of a repository's manifests (`Pod`, and the
//! pod templates of `Deployment`, `StatefulSet`, `DaemonSet`, `ReplicaSet`,
//! `Job`, `CronJob`) read as one cluster. Each container running an nginx or a
//! php-fpm image is a host; the containers of one pod share one loopback; a
//! `Service` name reaches the pods its selector matches; `configMap` volumes
//! put a ConfigMap's keys (inline `data:`, or kustomize `configMapGenerator`
//! files) into the container, and `emptyDir`, `hostPath` and claims mounted in
//! two containers share their files (a unix socket among them).
//!
//! A ConfigMap key written as a literal block (`nginx.conf: |`) is linted as
//! a file whose lines are the manifest's own, so every finding in it points at
//! the manifest's line and column.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

use super::env::{EnvOrigin, Environment};
use super::{ComposeProject, Service, ServiceMemory};
use crate::confine::Confinement;

/// Where a container of a pod is declared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KubeContainer {
    /// `Deployment`, `Pod`, `CronJob`...
    pub kind: String,
    /// The workload's name.
    pub pod: String,
    pub namespace: String,
    pub container: String,
    /// The line of the container's entry (1-based).
    pub line: usize,
    /// The Services whose selector matches the pod.
    pub services: Vec<String>,
}

/// A ConfigMap key put into a container: a file fpmlint reads from the
/// manifest's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VirtualFile {
    /// Where the file stands (under the ConfigMap's virtual directory).
    pub path: PathBuf,
    pub text: String,
    /// The file findings show: the manifest (its lines are the file's)...
    pub shown: PathBuf,
    /// ... followed by this (` (ConfigMap x, key y)` when the value is not a
    /// literal block, so its lines are not the manifest's).
    pub suffix: String,
    /// What it is, for `--list-files`: `ConfigMap nginx-conf, key nginx.conf`.
    pub what: String,
}

/// What the manifests of a repository hold.
#[derive(Debug, Default)]
pub struct Cluster {
    pub project: ComposeProject,
    /// ConfigMap keys written in the manifests.
    pub virtual_files: Vec<VirtualFile>,
    /// Repository files a `configMapGenerator` turns into keys that a pod mounts.
    pub mounted: Vec<PathBuf>,
    /// Files read as manifests (pods, Services, ConfigMaps, kustomizations).
    pub manifests: Vec<PathBuf>,
    /// Manifests with Helm template expressions: not read.
    pub templates: Vec<PathBuf>,
    /// Manifests no document of which is valid YAML.
    pub invalid: Vec<PathBuf>,
}

/// How `--list-files` names a manifest's role, and a Helm template's reason.
pub const MANIFEST: &str =
    "Kubernetes manifest (pods, Services, ConfigMaps): read for the deployment";
pub const INVALID: &str = "a Kubernetes manifest that is not valid YAML: not read";
pub const HELM_TEMPLATE: &str =
    "a Helm template ({{ }} expressions): lint the manifests `helm template` renders from it";

const MAX_MANIFEST_SIZE: u64 = 4 * 1024 * 1024;

/// A YAML node with the place it starts (1-based line, 0-based column).
#[derive(Clone, Debug)]
pub enum Node {
    Scalar(String, TScalarStyle, usize, usize),
    Seq(Vec<Node>, usize),
    Map(Vec<(Node, Node)>, usize),
    Null,
}

static NULL: Node = Node::Null;

impl Node {
    pub fn get(&self, key: &str) -> &Node {
        match self {
            Node::Map(m, _) => m
                .iter()
                .find(|(k, _)| k.str() == Some(key))
                .map_or(&NULL, |(_, v)| v),
            _ => &NULL,
        }
    }
    pub fn path(&self, keys: &[&str]) -> &Node {
        keys.iter().fold(self, |n, k| n.get(k))
    }
    pub fn str(&self) -> Option<&str> {
        match self {
            Node::Scalar(s, ..) => Some(s),
            _ => None,
        }
    }
    pub fn string(&self) -> Option<String> {
        self.str().map(str::to_string)
    }
    pub fn items(&self) -> &[Node] {
        match self {
            Node::Seq(v, _) => v,
            _ => &[],
        }
    }
    pub fn entries(&self) -> &[(Node, Node)] {
        match self {
            Node::Map(m, _) => m,
            _ => &[],
        }
    }
    pub fn line(&self) -> usize {
        match self {
            Node::Scalar(_, _, l, _) | Node::Seq(_, l) | Node::Map(_, l) => *l,
            Node::Null => 0,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, Node::Null)
    }
}

/// Builds the documents of a stream from the parser's events, with places.
#[derive(Default)]
struct Builder {
    /// Lines before the text parsed (a document of a stream parsed alone).
    line_offset: usize,
    docs: Vec<Node>,
    stack: Vec<(Node, Option<Node>)>,
    anchors: HashMap<usize, Node>,
    anchor_of: Vec<usize>,
}

impl Builder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            None => self.docs.push(node),
            Some((Node::Seq(v, _), _)) => v.push(node),
            Some((Node::Map(m, _), key)) => match key.take() {
                None => *key = Some(node),
                Some(k) => m.push((k, node)),
            },
            Some(_) => {}
        }
    }
}

impl MarkedEventReceiver for Builder {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        let (line, col) = (mark.line() + self.line_offset, mark.col());
        match ev {
            Event::Scalar(v, style, anchor, _) => {
                let n = Node::Scalar(v, style, line, col);
                if anchor > 0 {
                    self.anchors.insert(anchor, n.clone());
                }
                self.push(n);
            }
            Event::SequenceStart(anchor, _) => {
                self.anchor_of.push(anchor);
                self.stack.push((Node::Seq(Vec::new(), line), None));
            }
            Event::MappingStart(anchor, _) => {
                self.anchor_of.push(anchor);
                self.stack.push((Node::Map(Vec::new(), line), None));
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let anchor = self.anchor_of.pop().unwrap_or(0);
                if let Some((n, _)) = self.stack.pop() {
                    if anchor > 0 {
                        self.anchors.insert(anchor, n.clone());
                    }
                    self.push(n);
                }
            }
            Event::Alias(a) => {
                let n = self.anchors.get(&a).cloned().unwrap_or(Node::Null);
                self.push(n);
            }
            _ => {}
        }
    }
}

/// The documents of a YAML stream, with places. None: not valid YAML.
pub fn parse(text: &str) -> Option<Vec<Node>> {
    let mut b = Builder::default();
    Parser::new_from_str(text).load(&mut b, true).ok()?;
    Some(b.docs)
}

/// The documents of a stream parsed one by one, as `kubectl` reads them: a
/// document that is not valid YAML is left out, the others are read. (the
/// documents, how many were left out)
pub fn parse_each(text: &str) -> (Vec<Node>, usize) {
    let mut docs = Vec::new();
    let mut bad = 0;
    let mut start = 0;
    let mut first_line = 0;
    let mut at = 0;
    let mut flush = |from: usize, to: usize, first: usize, docs: &mut Vec<Node>| {
        let chunk = &text[from..to];
        if chunk.trim().is_empty() {
            return;
        }
        let mut b = Builder {
            line_offset: first,
            ..Builder::default()
        };
        match Parser::new_from_str(chunk).load(&mut b, true) {
            Ok(()) => docs.extend(b.docs),
            Err(_) => bad += 1,
        }
    };
    for (line, l) in text.split_inclusive('\n').enumerate() {
        let body = l.trim_end();
        if body == "---" || body.starts_with("--- ") {
            flush(start, at, first_line, &mut docs);
            start = at + l.len();
            first_line = line + 1;
        }
        at += l.len();
    }
    flush(start, text.len(), first_line, &mut docs);
    (docs, bad)
}

/// Could this text be a Kubernetes manifest (or a kustomization)?
pub fn looks_like_manifest(text: &str) -> bool {
    let has = |k: &str| {
        text.lines()
            .any(|l| l.trim_start().trim_start_matches("- ").starts_with(k))
    };
    (has("apiVersion:") && has("kind:")) || has("configMapGenerator:")
}

/// Helm's template expressions.
pub fn is_template(text: &str) -> bool {
    text.contains("{{")
}

/// A manifest with `{{ }}` is a Helm template when it lies in a chart's
/// `templates/`, is no YAML as written, or templates the objects themselves
/// (a name, a namespace, an image); `{{ }}` only inside a ConfigMap's data (a
/// Prometheus rule, a Go template an application reads) is the data's own.
fn helm(c: &Confinement, path: &Path, docs: Option<&[Node]>) -> bool {
    let in_chart = path.ancestors().skip(1).any(|a| {
        a.file_name().is_some_and(|n| n == "templates")
            && a.parent().is_some_and(|p| c.is_file(&p.join("Chart.yaml")))
    });
    let Some(docs) = docs else { return true };
    // `name: {{ .Release.Name }}` reads as a flow mapping in YAML.
    let templated = |n: &Node| match n {
        Node::Scalar(s, ..) => s.contains("{{"),
        Node::Map(..) => true,
        _ => false,
    };
    in_chart
        || docs.iter().any(|d| {
            templated(d.path(&["metadata", "name"]))
                || templated(d.path(&["metadata", "namespace"]))
                || d.get("kind").is_null()
                || workload_spec(d).is_some_and(|spec| {
                    spec.get("containers")
                        .items()
                        .iter()
                        .any(|c| templated(c.get("image")))
                })
        })
}

/// The pod spec of a workload object.
fn workload_spec(o: &Node) -> Option<&Node> {
    let spec = match o.get("kind").str()? {
        "Pod" => o.get("spec"),
        "CronJob" => o.path(&["spec", "jobTemplate", "spec", "template", "spec"]),
        k if WORKLOADS.contains(&k) => o.path(&["spec", "template", "spec"]),
        _ => return None,
    };
    (!spec.is_null()).then_some(spec)
}

const WORKLOADS: &[&str] = &[
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/// One object of a manifest.
struct Object<'a> {
    file: usize,
    node: &'a Node,
    /// The `namespace:` of a kustomization listing its file, over its own.
    kustomized: Option<String>,
}

impl Object<'_> {
    fn kind(&self) -> &str {
        self.node.get("kind").str().unwrap_or("")
    }
    fn name(&self) -> &str {
        self.node.path(&["metadata", "name"]).str().unwrap_or("")
    }
    fn namespace(&self, default: &str) -> String {
        self.kustomized
            .clone()
            .or_else(|| self.node.path(&["metadata", "namespace"]).string())
            .unwrap_or_else(|| default.to_string())
    }
}

/// A ConfigMap key's value, as fpmlint lints it.
#[derive(Clone)]
enum Value {
    /// Text of the manifest (file index, key line).
    Inline {
        file: usize,
        text: String,
        key_line: usize,
        style: TScalarStyle,
        value_line: usize,
    },
    /// A repository file (`configMapGenerator` `files:`).
    File(PathBuf),
}

struct ConfigMap {
    name: String,
    namespace: String,
    file: usize,
    data: Vec<(String, Value)>,
}

/// Read the manifests among `files` (every file of the repository's walk).
pub fn read(c: &Confinement, files: &[PathBuf]) -> Cluster {
    let mut cluster = Cluster::default();
    let mut texts: Vec<(PathBuf, String)> = Vec::new();
    let mut docs: Vec<Vec<Node>> = Vec::new();
    for f in files {
        let name = f.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !(name.ends_with(".yaml") || name.ends_with(".yml"))
            || super::COMPOSE_FILES.contains(&name)
            || super::OVERRIDE_FILES.contains(&name)
        {
            continue;
        }
        let Ok(bytes) = c.read(f, MAX_MANIFEST_SIZE, false) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if !looks_like_manifest(&text) {
            continue;
        }
        let (d, bad) = parse_each(&text);
        if is_template(&text) && (bad > 0 || helm(c, f, Some(&d))) {
            cluster.templates.push(f.clone());
            continue;
        }
        if d.is_empty() {
            cluster.invalid.push(f.clone());
            continue;
        }
        cluster.manifests.push(f.clone());
        texts.push((f.clone(), text));
        docs.push(d);
    }
    // A kustomization's `namespace:` is that of the resources it lists
    // (files, or directories of manifests).
    let mut kustomized: Vec<Option<String>> = vec![None; docs.len()];
    for (i, d) in docs.iter().enumerate() {
        for node in d {
            let Some(ns) = node.get("namespace").str() else {
                continue;
            };
            let dir = texts[i].0.parent().unwrap_or(Path::new("."));
            for r in node.get("resources").items().iter().filter_map(Node::str) {
                let at = crate::paths::normalize(&dir.join(r));
                for (j, (p, _)) in texts.iter().enumerate() {
                    if p.starts_with(&at) && kustomized[j].is_none() {
                        kustomized[j] = Some(ns.to_string());
                    }
                }
            }
        }
    }
    let mut objects: Vec<Object> = Vec::new();
    for (i, d) in docs.iter().enumerate() {
        for node in d {
            if node.get("kind").str() == Some("List") {
                for item in node.get("items").items() {
                    objects.push(Object {
                        file: i,
                        node: item,
                        kustomized: kustomized[i].clone(),
                    });
                }
            } else {
                objects.push(Object {
                    file: i,
                    node,
                    kustomized: kustomized[i].clone(),
                });
            }
        }
    }
    // ConfigMaps: inline data, and kustomize's generators.
    let mut maps: Vec<ConfigMap> = Vec::new();
    for o in &objects {
        if o.kind() == "ConfigMap" {
            let mut data = Vec::new();
            for (k, v) in o.node.get("data").entries() {
                let (Some(k), Node::Scalar(text, style, line, _)) = (k.str(), v) else {
                    continue;
                };
                data.push((
                    k.to_string(),
                    Value::Inline {
                        file: o.file,
                        text: text.clone(),
                        // A block scalar's place is the line after its
                        // indicator, the key's line.
                        key_line: match style {
                            TScalarStyle::Literal | TScalarStyle::Folded => line - 1,
                            _ => *line,
                        },
                        style: *style,
                        value_line: *line,
                    },
                ));
            }
            maps.push(ConfigMap {
                name: o.name().to_string(),
                namespace: o.namespace("default"),
                file: o.file,
                data,
            });
        }
        let gens = o.node.get("configMapGenerator");
        if !gens.is_null() {
            let dir = texts[o.file]
                .0
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf();
            let ns = o.node.get("namespace").string().unwrap_or("default".into());
            for g in gens.items() {
                let mut data = Vec::new();
                for f in g.get("files").items().iter().filter_map(Node::str) {
                    let (key, path) = match f.split_once('=') {
                        Some((k, p)) => (k.to_string(), p),
                        None => (
                            Path::new(f)
                                .file_name()
                                .map(|n| n.to_string_lossy().into_owned())
                                .unwrap_or_default(),
                            f,
                        ),
                    };
                    let disk = crate::paths::normalize(&dir.join(path));
                    if disk.starts_with(&dir) || c.is_file(&disk) {
                        data.push((key, Value::File(disk)));
                    }
                }
                maps.push(ConfigMap {
                    name: g.get("name").string().unwrap_or_default(),
                    namespace: g.get("namespace").string().unwrap_or(ns.clone()),
                    file: o.file,
                    data,
                });
            }
        }
    }
    // Services: the names nginx resolves, and the pods behind them.
    struct Svc {
        name: String,
        namespace: String,
        selector: Vec<(String, String)>,
        /// (port, targetPort: a number, or the name of a container port).
        ports: Vec<(u16, Result<u16, String>)>,
        external: bool,
        matched: bool,
    }
    let mut svcs: Vec<Svc> = objects
        .iter()
        .filter(|o| o.kind() == "Service")
        .map(|o| Svc {
            name: o.name().to_ascii_lowercase(),
            namespace: o.namespace("default"),
            selector: o
                .node
                .path(&["spec", "selector"])
                .entries()
                .iter()
                .filter_map(|(k, v)| Some((k.string()?, v.string()?)))
                .collect(),
            ports: o
                .node
                .path(&["spec", "ports"])
                .items()
                .iter()
                .filter_map(|p| {
                    let port = p.get("port").str()?.parse().ok()?;
                    let target = match p.get("targetPort").str() {
                        None => Ok(port),
                        Some(t) => t.parse().map_err(|_| t.to_string()),
                    };
                    Some((port, target))
                })
                .collect(),
            external: o.node.path(&["spec", "type"]).str() == Some("ExternalName"),
            matched: false,
        })
        .collect();

    let mut used_names: Vec<String> = Vec::new();
    for o in &objects {
        let kind = o.kind();
        if !WORKLOADS.contains(&kind) {
            continue;
        }
        let template = match kind {
            "Pod" => o.node,
            "CronJob" => o.node.path(&["spec", "jobTemplate", "spec", "template"]),
            _ => o.node.path(&["spec", "template"]),
        };
        let spec = if kind == "Pod" {
            o.node.get("spec")
        } else {
            template.get("spec")
        };
        if spec.is_null() {
            continue;
        }
        let ns = o.namespace("default");
        let labels: Vec<(String, String)> = template
            .path(&["metadata", "labels"])
            .entries()
            .iter()
            .filter_map(|(k, v)| Some((k.string()?, v.string()?)))
            .collect();
        let (path, text) = &texts[o.file];
        let pod_name = o.name().to_string();
        let pod_id = format!("{ns}/{kind}/{pod_name}");
        // Services selecting the pod.
        let mut names: Vec<(String, String)> = Vec::new();
        let mut services = Vec::new();
        for s in svcs.iter_mut() {
            if s.namespace == ns
                && !s.selector.is_empty()
                && !s.external
                && s.selector.iter().all(|kv| labels.contains(kv))
            {
                s.matched = true;
                // A named targetPort: the pod's container port of that name.
                for (_, target) in s.ports.iter_mut() {
                    if let Err(name) = target {
                        let found = spec
                            .get("containers")
                            .items()
                            .iter()
                            .flat_map(|c| c.get("ports").items())
                            .find(|p| p.get("name").str() == Some(name.as_str()))
                            .and_then(|p| p.get("containerPort").str()?.parse().ok());
                        if let Some(n) = found {
                            *target = Ok(n);
                        }
                    }
                }
                services.push(s.name.clone());
                names.push((format!("ns:{ns}"), s.name.clone()));
                for q in [
                    format!("{}.{ns}", s.name),
                    format!("{}.{ns}.svc", s.name),
                    format!("{}.{ns}.svc.cluster.local", s.name),
                ] {
                    names.push(("cluster".into(), q));
                }
            }
        }
        // The pod's volumes.
        let volumes: Vec<(&str, &Node)> = spec
            .get("volumes")
            .items()
            .iter()
            .filter_map(|v| Some((v.get("name").str()?, v)))
            .collect();
        let pod_user = spec.path(&["securityContext", "runAsUser"]);
        let mut containers: Vec<&Node> = spec.get("containers").items().iter().collect();
        // Native sidecars: init containers that keep running beside the others.
        containers.extend(
            spec.get("initContainers")
                .items()
                .iter()
                .filter(|c| c.get("restartPolicy").str() == Some("Always")),
        );
        let mut owner: Option<String> = None;
        for ctr in containers {
            let cname = ctr.get("name").string().unwrap_or_default();
            let image = ctr.get("image").string().unwrap_or_default();
            let mut id = format!("{pod_name}/{cname}");
            if used_names.contains(&id) {
                id = format!("{}:{pod_name}/{cname}", path.display());
            }
            used_names.push(id.clone());
            let origin = |line: usize, what: &str| EnvOrigin {
                path: path.clone(),
                line,
                what: what.into(),
            };
            // Environment: envFrom (ConfigMaps), then env.
            let mut env = Environment::default();
            for from in ctr.get("envFrom").items() {
                let Some(cm) = from.path(&["configMapRef", "name"]).str() else {
                    continue;
                };
                let prefix = from.get("prefix").str().unwrap_or("");
                if let Some(m) = maps.iter().find(|m| m.name == cm && m.namespace == ns) {
                    for (k, v) in &m.data {
                        if let Value::Inline {
                            text, value_line, ..
                        } = v
                        {
                            env.set(
                                &format!("{prefix}{k}"),
                                text.clone(),
                                EnvOrigin {
                                    path: texts[m.file].0.clone(),
                                    line: *value_line,
                                    what: format!("envFrom: ConfigMap {cm}"),
                                },
                            );
                        }
                    }
                }
            }
            for e in ctr.get("env").items() {
                let Some(k) = e.get("name").str() else {
                    continue;
                };
                match e.get("value") {
                    Node::Scalar(v, _, line, _) => {
                        env.set(k, v.clone(), origin(*line, "env:"));
                    }
                    // valueFrom (a Secret, a field, a resource): unknown here.
                    _ => {
                        env.vars.remove(k);
                    }
                }
            }
            env.looked_in = format!(
                "container `{cname}` of {kind} `{pod_name}` (env:, envFrom: ConfigMaps of the manifests)"
            );
            let user = match ctr.path(&["securityContext", "runAsUser"]) {
                Node::Scalar(u, _, line, _) => {
                    Some((u.clone(), origin(*line, "securityContext.runAsUser")))
                }
                _ => match pod_user {
                    Node::Scalar(u, _, line, _) => {
                        Some((u.clone(), origin(*line, "securityContext.runAsUser")))
                    }
                    _ => None,
                },
            };
            let memory = match ctr.path(&["resources", "limits", "memory"]) {
                Node::Scalar(v, _, line, col) => kube_bytes(v).map(|bytes| ServiceMemory {
                    bytes,
                    key: "resources.limits.memory",
                    file: path.clone(),
                    range: byte_range(text, *line, *col, v),
                }),
                _ => None,
            };
            // Mounts: ConfigMap keys as files; shared volumes.
            let mut mounts = Vec::new();
            let mut mount_origins = Vec::new();
            let mut shared = Vec::new();
            for m in ctr.get("volumeMounts").items() {
                let (Some(vname), Some(at)) = (m.get("name").str(), m.get("mountPath").str())
                else {
                    continue;
                };
                if !at.starts_with('/') {
                    continue;
                }
                let target = crate::paths::normalize(Path::new(at));
                let sub = m.get("subPath").str().filter(|s| !s.is_empty());
                let Some((_, vol)) = volumes.iter().find(|(n, _)| *n == vname) else {
                    continue;
                };
                let o = origin(m.get("mountPath").line().max(m.line()), "volumeMounts:");
                let cm = vol.path(&["configMap", "name"]).str();
                if let Some(cm) = cm {
                    let Some(map) = maps.iter().find(|x| x.name == cm && x.namespace == ns) else {
                        continue;
                    };
                    // `items:` picks keys and names their files.
                    let items: Vec<(String, String)> = vol
                        .path(&["configMap", "items"])
                        .items()
                        .iter()
                        .filter_map(|i| Some((i.get("key").string()?, i.get("path").string()?)))
                        .collect();
                    let keys: Vec<(String, String)> = if items.is_empty() {
                        map.data
                            .iter()
                            .map(|(k, _)| (k.clone(), k.clone()))
                            .collect()
                    } else {
                        items
                    };
                    let base = texts[map.file]
                        .0
                        .parent()
                        .unwrap_or(Path::new("."))
                        .join(format!("ConfigMap {}", map.name));
                    let mut file_of = |key: &str| -> Option<PathBuf> {
                        let (_, v) = map.data.iter().find(|(k, _)| k == key)?;
                        Some(match v {
                            Value::File(p) => {
                                cluster.mounted.push(p.clone());
                                p.clone()
                            }
                            Value::Inline {
                                file,
                                text,
                                key_line,
                                style,
                                ..
                            } => {
                                let vpath = base.join(key);
                                if !cluster.virtual_files.iter().any(|f| f.path == vpath) {
                                    cluster.virtual_files.push(virtual_file(
                                        &texts[*file],
                                        &map.name,
                                        key,
                                        text,
                                        *key_line,
                                        *style,
                                        vpath.clone(),
                                    ));
                                }
                                vpath
                            }
                        })
                    };
                    match sub {
                        Some(s) => {
                            if let Some((k, _)) = keys.iter().find(|(_, p)| p == s) {
                                if let Some(f) = file_of(k) {
                                    mounts.push((target.clone(), f));
                                    mount_origins.push((target.clone(), o));
                                }
                            }
                        }
                        None => {
                            // The directory holds the keys only: the image's
                            // files there are hidden.
                            mounts.push((target.clone(), base.clone()));
                            mount_origins.push((target.clone(), o.clone()));
                            for (k, p) in &keys {
                                if let Some(f) = file_of(k) {
                                    let t = crate::paths::normalize(&target.join(p));
                                    if f != base.join(p) {
                                        mounts.push((t.clone(), f));
                                        mount_origins.push((t, o.clone()));
                                    }
                                }
                            }
                        }
                    }
                    continue;
                }
                let id = if !vol.get("emptyDir").is_null() {
                    format!("emptyDir {vname} of {pod_id}")
                } else if let Some(p) = vol.path(&["hostPath", "path"]).str() {
                    format!("hostPath {p}")
                } else if let Some(claim) = vol.path(&["persistentVolumeClaim", "claimName"]).str()
                {
                    format!("claim {ns}/{claim}")
                } else {
                    format!("volume {vname} of {pod_id}")
                };
                let id = match sub {
                    Some(s) => format!("{id}/{s}"),
                    None => id,
                };
                mount_origins.push((target.clone(), o));
                shared.push((target, id));
            }
            let program = super::program_of(&image);
            let net = owner.clone();
            if owner.is_none() {
                owner = Some(id.clone());
            }
            cluster.project.services.push(Service {
                file: path.clone(),
                name: id,
                image,
                program,
                networks: vec!["cluster".into(), format!("ns:{ns}")],
                names: if net.is_none() {
                    names.clone()
                } else {
                    Vec::new()
                },
                hostname: None,
                links: Vec::new(),
                shares_net_of: net,
                mounts,
                memory,
                env,
                user,
                mount_origins,
                builds_modules: false,
                adds_accounts: false,
                volumes: shared,
                kube: Some(KubeContainer {
                    kind: kind.to_string(),
                    pod: pod_name.clone(),
                    namespace: ns.clone(),
                    container: cname,
                    line: ctr.line(),
                    services: services.clone(),
                }),
            });
        }
    }
    // Ports: a Service's port to its pods' targetPort.
    for s in &svcs {
        let short = format!("ns:{}", s.namespace);
        let qualified = [
            (short.as_str(), s.name.clone()),
            ("cluster", format!("{}.{}", s.name, s.namespace)),
            ("cluster", format!("{}.{}.svc", s.name, s.namespace)),
            (
                "cluster",
                format!("{}.{}.svc.cluster.local", s.name, s.namespace),
            ),
        ];
        if !s.matched {
            // Its pods (or its external name) are not in these manifests.
            cluster.project.external.extend(
                qualified
                    .iter()
                    .map(|(net, n)| (net.to_string(), n.clone())),
            );
            continue;
        }
        for (port, target) in &s.ports {
            if let Ok(t) = target {
                for (_, q) in &qualified {
                    cluster.project.ports.push((q.clone(), *port, *t));
                }
            }
        }
    }
    cluster.project.kube = true;
    cluster.project.file = cluster.manifests.first().cloned().unwrap_or_default();
    cluster
}

/// A ConfigMap key as a file: a literal block (`key: |`) keeps the manifest's
/// lines (the others blank), so spans are the manifest's; another style is
/// its decoded text, shown as the manifest and key.
fn virtual_file(
    (manifest, text): &(PathBuf, String),
    map: &str,
    key: &str,
    value: &str,
    key_line: usize,
    style: TScalarStyle,
    path: PathBuf,
) -> VirtualFile {
    let what = format!("ConfigMap {map}, key {key}");
    if style == TScalarStyle::Literal {
        if let Some(body) = literal_body(text, key_line, value) {
            return VirtualFile {
                path,
                text: body,
                shown: manifest.clone(),
                suffix: String::new(),
                what,
            };
        }
    }
    VirtualFile {
        path,
        text: value.to_string(),
        shown: manifest.clone(),
        suffix: format!(" ({what})"),
        what,
    }
}

/// The manifest's text with every line but a literal block's body blank: the
/// block's lines keep their place and indentation. None when the body found
/// after `key_line` is not the value (the parser's reading decides).
fn literal_body(text: &str, key_line: usize, value: &str) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut body: Vec<&str> = Vec::new();
    let mut indent = None;
    for l in lines.iter().skip(key_line) {
        let t = l.trim_start();
        if t.is_empty() {
            body.push(l);
            continue;
        }
        let i = l.len() - t.len();
        let want = *indent.get_or_insert(i);
        if i < want {
            break;
        }
        body.push(l);
    }
    let want = indent?;
    let dedented: Vec<&str> = body.iter().map(|l| l.get(want..).unwrap_or("")).collect();
    if dedented.join("\n").trim_end() != value.trim_end() {
        return None;
    }
    let mut out = "\n".repeat(key_line);
    for l in &body {
        out.push_str(l);
        out.push('\n');
    }
    Some(out)
}

/// The byte range of a scalar starting at `line` (1-based), column `col`
/// (0-based, in characters).
fn byte_range(text: &str, line: usize, col: usize, v: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            let off = l.char_indices().nth(col).map(|(b, _)| b)?;
            let at = start + off + l[off..].find(v)?;
            return Some(at..at + v.len());
        }
        start += l.len();
    }
    None
}

/// A Kubernetes quantity in bytes: `512Mi`, `1Gi`, `500M`, `1e9`, `2048`.
pub fn kube_bytes(v: &str) -> Option<u64> {
    let v = v.trim();
    let digits = v
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(v.len());
    let (num, unit) = v.split_at(digits);
    let mult: f64 = match unit {
        "" => 1.0,
        "k" => 1e3,
        "M" => 1e6,
        "G" => 1e9,
        "T" => 1e12,
        "Ki" => 1024.0,
        "Mi" => 1024.0 * 1024.0,
        "Gi" => 1024.0 * 1024.0 * 1024.0,
        "Ti" => 1024.0 * 1024.0 * 1024.0 * 1024.0,
        u if u.starts_with('e') => 10f64.powi(u[1..].parse().ok()?),
        _ => return None,
    };
    let n: f64 = num.parse().ok()?;
    Some((n * mult) as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantities() {
        assert_eq!(kube_bytes("512Mi"), Some(512 << 20));
        assert_eq!(kube_bytes("1Gi"), Some(1 << 30));
        assert_eq!(kube_bytes("500M"), Some(500_000_000));
        assert_eq!(kube_bytes("1e3"), Some(1000));
        assert_eq!(kube_bytes("lots"), None);
    }

    #[test]
    fn documents_one_by_one() {
        let text = "kind: A\nx: &e 1\n---\nkind: B\ny: *e\n--- \nkind: C\nz: 2\n";
        let (docs, bad) = parse_each(text);
        assert_eq!(bad, 1);
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].get("kind").str(), Some("C"));
        assert_eq!(docs[1].get("z").line(), 8);
    }

    #[test]
    fn places_and_literal_blocks() {
        let text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  nginx.conf: |\n    events {}\n\n    http {\n      server { listen 80; }\n    }\n  other: x\n";
        let docs = parse(text).unwrap();
        let v = docs[0].path(&["data", "nginx.conf"]);
        let Node::Scalar(value, style, line, _) = v else {
            panic!("{v:?}")
        };
        assert_eq!(*style, TScalarStyle::Literal);
        assert_eq!(docs[0].path(&["data", "other"]).line(), 12, "plain");
        assert_eq!(*line, 7);
        let body = literal_body(text, 6, value).unwrap();
        let lines: Vec<&str> = body.lines().collect();
        assert_eq!(lines[6], "    events {}");
        assert_eq!(lines[9], "      server { listen 80; }");
        assert!(lines[..6].iter().all(|l| l.is_empty()));
        assert_eq!(docs[0].path(&["data", "other"]).line(), 12);
    }
}
