# shop.example.com -- storefront (PHP application, front controller in public/)

server {
	listen 80;
	listen [::]:80;

	server_name shop.example.com;

	root /var/www/shop/public;
	index index.php;

	access_log /var/log/nginx/shop.access.log;
	error_log /var/log/nginx/shop.error.log;

	location / {
		try_files $uri $uri/ /index.php?$query_string;
	}

	location ~ \.php$ {
		include snippets/fastcgi-php.conf;
		fastcgi_pass unix:/run/php/php8.1-fpm.sock;
	}

	location ~ /\.ht {
		deny all;
	}
}
