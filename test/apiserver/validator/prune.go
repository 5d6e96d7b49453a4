package validator

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	sigsyaml "sigs.k8s.io/yaml"
)

// pruneNulls drops every object member whose value is null, at any depth
// (null list items stay), as kubectl does before it sends a create from 1.37 on.
// It returns the JSON to decode and the paths it dropped; with nothing to
// drop the caller keeps the original bytes. The rewrite is token by token, so
// duplicate JSON keys survive for the strict decoder. A YAML document is
// turned into JSON first; if that fails (a duplicate YAML key, say) nothing
// is pruned and the strict YAML decoder reports the problem.
func pruneNulls(raw []byte, isYAML bool) ([]byte, []string, error) {
	src := raw
	if isYAML {
		j, err := sigsyaml.YAMLToJSONStrict(raw)
		if err != nil {
			return raw, nil, nil
		}
		src = j
	}
	dec := json.NewDecoder(bytes.NewReader(src))
	dec.UseNumber()
	var out bytes.Buffer
	var paths []string
	if err := pruneValue(dec, &out, "", &paths); err != nil {
		return nil, nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, fmt.Errorf("invalid JSON: data after the top-level value")
	}
	return out.Bytes(), paths, nil
}

func pruneValue(dec *json.Decoder, out *bytes.Buffer, at string, paths *[]string) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	return pruneFrom(tok, dec, out, at, paths)
}

func pruneFrom(tok json.Token, dec *json.Decoder, out *bytes.Buffer, at string, paths *[]string) error {
	switch t := tok.(type) {
	case json.Delim:
		switch t {
		case '{':
			out.WriteByte('{')
			first := true
			for dec.More() {
				keyTok, err := dec.Token()
				if err != nil {
					return err
				}
				key, ok := keyTok.(string)
				if !ok {
					return fmt.Errorf("expected an object key, got %v", keyTok)
				}
				sub := key
				if at != "" {
					sub = at + "." + key
				}
				val, err := dec.Token()
				if err != nil {
					return err
				}
				if val == nil {
					*paths = append(*paths, sub)
					continue
				}
				if !first {
					out.WriteByte(',')
				}
				first = false
				writeString(out, key)
				out.WriteByte(':')
				if err := pruneFrom(val, dec, out, sub, paths); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // '}'
				return err
			}
			out.WriteByte('}')
		case '[':
			out.WriteByte('[')
			for i := 0; dec.More(); i++ {
				if i > 0 {
					out.WriteByte(',')
				}
				if err := pruneValue(dec, out, at+"["+strconv.Itoa(i)+"]", paths); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil { // ']'
				return err
			}
			out.WriteByte(']')
		default:
			return fmt.Errorf("unexpected %v", t)
		}
	case nil:
		out.WriteString("null")
	case bool:
		out.WriteString(strconv.FormatBool(t))
	case json.Number:
		out.WriteString(t.String())
	case string:
		writeString(out, t)
	default:
		return fmt.Errorf("unexpected token %v", tok)
	}
	return nil
}

func writeString(out *bytes.Buffer, s string) {
	b, _ := json.Marshal(s)
	out.Write(b)
}
