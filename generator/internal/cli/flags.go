package cli

import (
	"flag"
	"reflect"
	"strconv"
	"strings"
)

// fieldValue is a flag.Value writing one options field.
type fieldValue struct{ v reflect.Value }

func (f fieldValue) String() string {
	if !f.v.IsValid() {
		return ""
	}
	switch f.v.Kind() {
	case reflect.Slice:
		var s []string
		for i := 0; i < f.v.Len(); i++ {
			s = append(s, f.v.Index(i).String())
		}
		return strings.Join(s, ",")
	case reflect.Bool:
		return strconv.FormatBool(f.v.Bool())
	case reflect.Int, reflect.Int64, reflect.Int32:
		return strconv.FormatInt(f.v.Int(), 10)
	}
	return f.v.String()
}

func (f fieldValue) Set(s string) error {
	switch f.v.Kind() {
	case reflect.Slice: // repeatable: each use appends
		f.v.Set(reflect.Append(f.v, reflect.ValueOf(s).Convert(f.v.Type().Elem())))
	case reflect.Bool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return err
		}
		f.v.SetBool(b)
	case reflect.Int, reflect.Int64, reflect.Int32:
		i, err := strconv.ParseInt(s, 0, f.v.Type().Bits())
		if err != nil {
			return err
		}
		f.v.SetInt(i)
	default:
		f.v.SetString(s)
	}
	return nil
}

func (f fieldValue) IsBoolFlag() bool { return f.v.IsValid() && f.v.Kind() == reflect.Bool }

// bindFlags registers a flag for every field of the struct v tagged
// `flag` (recursively through nested structs) and returns each flag's field
// index path.
func bindFlags(fs *flag.FlagSet, v reflect.Value) map[string][]int {
	out := map[string][]int{}
	var walk func(v reflect.Value, prefix []int)
	walk = func(v reflect.Value, prefix []int) {
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			idx := append(append([]int(nil), prefix...), i)
			if name := f.Tag.Get("flag"); name != "" {
				fs.Var(fieldValue{v.Field(i)}, name, f.Tag.Get("usage"))
				out[name] = idx
				continue
			}
			if f.Type.Kind() == reflect.Struct {
				walk(v.Field(i), idx)
			}
		}
	}
	walk(v, nil)
	return out
}

// override copies, from src to dst (both pointers to the options struct),
// the fields of the flags given on the command line.
func override(fs *flag.FlagSet, fields map[string][]int, dst, src any) {
	d, s := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	fs.Visit(func(f *flag.Flag) {
		if idx, ok := fields[f.Name]; ok {
			d.FieldByIndex(idx).Set(s.FieldByIndex(idx))
		}
	})
}
