package user

import (
	"strings"
	"testing"
)

func TestPasswords(t *testing.T) {
	h, err := HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !CheckPassword(h, "correct horse battery") || CheckPassword(h, "correct horse batterY") || CheckPassword("", "x") || CheckPassword("$argon2id$v=19$m=1,t=1,p=1$$", "") {
		t.Fatal("password check is wrong")
	}
	h2, _ := HashPassword("correct horse battery")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: no salt")
	}
}

func TestRolesAndPermissions(t *testing.T) {
	cases := []struct {
		role Role
		can  []Permission
	}{
		{Contributor, nil},
		{Author, []Permission{PublishOwn}},
		{Editor, []Permission{PublishOwn, PublishAny, EditAny, ManageTaxonomy}},
		{Admin, []Permission{PublishOwn, PublishAny, EditAny, ManageTaxonomy, ManageUsers, ManageSettings}},
	}
	all := []Permission{PublishOwn, PublishAny, EditAny, ManageTaxonomy, ManageUsers, ManageSettings}
	for _, c := range cases {
		u := User{ID: 1, Role: c.role}
		for _, p := range all {
			want := false
			for _, x := range c.can {
				want = want || x == p
			}
			if u.Can(p) != want {
				t.Errorf("%s can %d = %v, want %v", c.role, p, u.Can(p), want)
			}
		}
		u.Disabled = true
		for _, p := range all {
			if u.Can(p) {
				t.Errorf("disabled %s can %d", c.role, p)
			}
		}
	}
	if (User{ID: 1, Role: "chief"}).Can(PublishOwn) {
		t.Error("an unknown role has rights")
	}
}

func TestInputValidate(t *testing.T) {
	in := Input{Email: " Desk@Example.COM ", Name: " Desk ", Role: Editor, Password: "long enough!"}
	if err := in.Validate(true); err != nil || in.Email != "desk@example.com" || in.Name != "Desk" {
		t.Fatalf("%v %+v", err, in)
	}
	bad := Input{Email: "not an email", Role: "boss", Password: "short"}
	err := bad.Validate(true)
	if err == nil {
		t.Fatal("want errors")
	}
	for _, f := range []string{"email", "name", "role", "password"} {
		if !strings.Contains(err.Error(), f+":") {
			t.Errorf("no error for %s in %v", f, err)
		}
	}
}
