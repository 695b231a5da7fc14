#!/usr/bin/env python3
"""Generates the Docker Engine API data model (C#) from the swagger definitions.

Usage: tools/gen-api-models.py ../shared/reference/docker-engine-api/swagger-v1.50.yaml > src/Berth.Engine/Model/DockerApi.g.cs
Every property is nullable (absent in a request = null); JSON names are kept exactly via JsonPropertyName.
Swarm, plugin, node, service, task, secret and config types are left out: Berth has no swarm mode.
"""
import sys, re, yaml

SKIP = re.compile(r'^(Swarm|Node|Service|Task|Secret|Config$|ConfigSpec|ConfigReference|Plugin|ObjectVersion|'
                  r'EngineDescription|TLSInfo|ManagerStatus|Reachability|ClusterInfo|JoinTokens|LocalNodeState|'
                  r'PeerNode|NetworkAttachmentConfig|ClusterVolume|Topology|EndpointPortConfig|EndpointSpec|'
                  r'PortStatus|ContainerStatus|LocalNodeState|NodeSpec|NodeDescription|NodeStatus|NodeState|Driver$|'
                  r'GenericResources|ResourceObject|Limit$|PeerInfo|Platform$|SwarmInfo|DistributionInspect)')

spec = yaml.safe_load(open(sys.argv[1]))
defs = spec['definitions']
out = []
emitted = set()
# Types whose Go fields are all `omitempty`: unset fields are left out, not written as null.
OMIT_WHEN_NULL = {'HealthConfig'}
pending = []

# Model names that would clash with Berth namespaces.
RENAME = {'Network': 'NetworkResource', 'Runtime': 'RuntimeInfo', 'ImageConfig': 'ApiImageConfig'}

def pascal(name):
    if name in RENAME:
        return RENAME[name]
    s = re.sub(r'[^0-9A-Za-z]+(.)', lambda m: m.group(1).upper(), name)
    s = s[0].upper() + s[1:]
    if s[0].isdigit():
        s = 'N' + s
    return s

def resolve_ref(ref):
    return ref.split('/')[-1]

def merged(schema):
    """Flattens allOf into one object schema."""
    if 'allOf' in schema:
        props = {}
        for part in schema['allOf']:
            if '$ref' in part:
                props.update(merged(defs[resolve_ref(part['$ref'])]).get('properties', {}))
            else:
                props.update(merged(part).get('properties', {}))
        return {'type': 'object', 'properties': props}
    return schema

def cs_type(schema, owner, prop):
    if '$ref' in schema:
        n = resolve_ref(schema['$ref'])
        target = merged(defs[n])
        if target.get('type') not in (None, 'object') and 'properties' not in target and 'allOf' not in defs[n]:
            return cs_type(target, owner, prop)
        if SKIP.match(n) or ('properties' not in target and 'additionalProperties' not in target):
            return 'System.Text.Json.JsonElement?'
        if 'additionalProperties' in target and 'properties' not in target:
            return cs_type(target, owner, prop)
        pending.append((pascal(n), target))
        return pascal(n)
    if 'allOf' in schema:
        return cs_type(schema['allOf'][0], owner, prop) if len(schema['allOf']) == 1 else 'System.Text.Json.JsonElement?'
    t = schema.get('type')
    if t == 'string':
        return 'string'
    if t == 'integer':
        return 'long?'
    if t == 'number':
        return 'double?'
    if t == 'boolean':
        return 'bool?'
    if t == 'array':
        item = cs_type(schema.get('items', {}), owner, prop + 'Item')
        return f'List<{item.rstrip("?") if item.endswith("?") and not item.startswith("System.Text.Json") else item}>'
    if t == 'object' or 'properties' in schema or 'additionalProperties' in schema:
        if 'properties' in schema:
            name = owner + pascal(prop)
            pending.append((name, schema))
            return name
        ap = schema.get('additionalProperties')
        if ap is None or ap is True or ap == {}:
            return 'Dictionary<string, System.Text.Json.JsonElement>'
        if isinstance(ap, dict) and ap.get('type') == 'object' and 'properties' not in ap and '$ref' not in ap:
            return 'Dictionary<string, EmptyObject>'
        inner = cs_type(ap, owner, prop + 'Value')
        return f'Dictionary<string, {inner}>'
    return 'System.Text.Json.JsonElement?'

def emit(name, schema):
    if name in emitted:
        return
    emitted.add(name)
    schema = merged(schema)
    lines = [f'public sealed partial class {name}', '{']
    for pname, pschema in (schema.get('properties') or {}).items():
        t = cs_type(pschema, name, pname)
        if not t.endswith('?'):
            t += '?'
        cs = pascal(pname)
        if cs == name:
            cs += 'Value'
        conv = ''
        if pname in ('Cmd', 'Entrypoint', 'Shell') and t.startswith('List<string>'):
            conv = '[JsonConverter(typeof(StringOrListConverter))] '
        if name in OMIT_WHEN_NULL:
            conv += '[JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] '
        lines.append(f'    [JsonPropertyName("{pname}")] {conv}public {t} {cs} {{ get; set; }}')
    lines.append('}')
    out.append('\n'.join(lines))

for n, s in defs.items():
    if SKIP.match(n):
        continue
    s2 = merged(s)
    if 'properties' in s2:
        pending.append((pascal(n), s2))
while pending:
    n, s = pending.pop(0)
    emit(n, s)

print('// <auto-generated> by tools/gen-api-models.py from swagger-v1.50.yaml. Do not edit by hand. </auto-generated>')
print('#nullable enable')
print('using System.Text.Json.Serialization;')
print()
print('namespace Berth.Engine.Model;')
print()
print('\n\n'.join(out))
