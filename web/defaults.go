package web

import (
	"io"
	"mime/multipart"

	"github.com/clientele/clientele/customer"
	"github.com/clientele/clientele/sheet"
)

// uploadDefaults gathers an upload's "default" form fields, each "NAME=VALUE" as the CLI's
// --default takes it ("Country=NO"): values for the blank cells of every row.
type uploadDefaults map[string]string

// maxDefaultField bounds one "default" field: a name and a value no field is longer than.
const maxDefaultField = 4 << 10

// add reads one "default" field.
func (d *uploadDefaults) add(part *multipart.Part) error {
	b, err := io.ReadAll(io.LimitReader(part, maxDefaultField))
	if err != nil {
		return uploadError(err)
	}
	name, value, err := sheet.ParseDefault(string(b))
	if err != nil {
		return err
	}
	if *d == nil {
		*d = uploadDefaults{}
	}
	(*d)[name] = value
	return nil
}

// checked returns the defaults by field key, checked as the mapping step checks them (nil for
// none): an EInvalid error names a name that is no field or a value its field cannot hold.
func (d uploadDefaults) checked() (customer.Defaults, error) {
	if len(d) == 0 {
		return nil, nil
	}
	return sheet.CheckDefaults(d)
}
